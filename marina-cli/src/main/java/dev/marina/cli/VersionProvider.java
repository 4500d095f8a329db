package dev.marina.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code marina --version}: the version the build wrote into {@code version.properties}, and the Java running it. */
public final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {
            "marina " + version(),
            "Java " + Runtime.version() + " (" + System.getProperty("java.vendor", "unknown vendor") + "), "
                    + System.getProperty("os.name") + " " + System.getProperty("os.arch")
        };
    }

    public static String version() {
        Properties properties = new Properties();
        try (InputStream input = VersionProvider.class.getResourceAsStream("version.properties")) {
            if (input == null) {
                return "unknown";
            }
            properties.load(input);
        } catch (IOException e) {
            return "unknown";
        }
        return properties.getProperty("version", "unknown");
    }
}
