package dev.marina.cli;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** The text of a {@code -f FILE} option: a UTF-8 file, or standard input for {@code -}. */
final class InputFile {

    private InputFile() {}

    static String read(CommandContext context, String file) {
        try {
            if ("-".equals(file)) {
                return new String(context.in().readAllBytes(), StandardCharsets.UTF_8);
            }
            return Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw MarinaException.userError("cannot read " + file + ": no such file; check the path");
        } catch (CharacterCodingException e) {
            throw MarinaException.userError("cannot read " + file + ": it is not UTF-8 text; save it as UTF-8");
        } catch (IOException e) {
            throw MarinaException.userError("cannot read " + file + " (" + e.getMessage() + "); check the path");
        }
    }

    /** How messages name the input. */
    static String source(String file) {
        return "-".equals(file) ? "standard input" : file;
    }
}
