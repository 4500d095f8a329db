package dev.marina.cli;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Decodes {@code %XX} escapes as URIs use them. Not {@link java.net.URLDecoder}: that decodes HTML forms, where
 * {@code +} is a space; in a URI's user or password a {@code +} is a plus.
 */
public final class PercentDecoding {

    private PercentDecoding() {}

    public static String decode(String text) {
        requireNonNull(text, "text is null");
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int index = 0;
        while (index < text.length()) {
            char character = text.charAt(index);
            if (character == '%' && isHex(text, index + 1) && isHex(text, index + 2)) {
                bytes.write(Integer.parseInt(text.substring(index + 1, index + 3), 16));
                index += 3;
                continue;
            }
            // Anything else, a lone '%' included, stands for itself.
            int codePoint = text.codePointAt(index);
            bytes.writeBytes(new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8));
            index += Character.charCount(codePoint);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(String text, int index) {
        return index < text.length() && Character.digit(text.charAt(index), 16) >= 0;
    }
}
