package dev.marina.runtime.local;

import dev.marina.control.runtime.RuntimeFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The operating-system user engine processes run as. PostgreSQL refuses to run as root, so when Marina runs as root
 * it starts engines as an unprivileged system user (default {@code marina}, created on first use); otherwise as
 * Marina's own user.
 */
public final class EngineUser {

    private final String name;
    private final boolean dropPrivileges;

    private EngineUser(String name, boolean dropPrivileges) {
        this.name = name;
        this.dropPrivileges = dropPrivileges;
    }

    /** Decides the user from who runs Marina, and makes sure it exists. */
    public static EngineUser detect(String configuredName) {
        String current = System.getProperty("user.name");
        if (!"root".equals(current)) {
            return new EngineUser(current, false);
        }
        String name = configuredName == null || configuredName.isBlank() ? "marina" : configuredName;
        EngineUser user = new EngineUser(name, true);
        user.ensureExists();
        return user;
    }

    public String name() {
        return name;
    }

    public boolean dropsPrivileges() {
        return dropPrivileges;
    }

    /** The command prefix that starts a program as this user in its own session (so it outlives Marina's shell). */
    List<String> launchPrefix() {
        List<String> prefix = new ArrayList<>(List.of("setsid"));
        prefix.addAll(privilegePrefix());
        return prefix;
    }

    /** The prefix that runs a program as this user (setpriv execs, so the pid is the program's own). */
    public List<String> privilegePrefix() {
        if (!dropPrivileges) {
            return List.of();
        }
        return List.of("setpriv", "--reuid=" + name, "--regid=" + name, "--init-groups", "--");
    }

    /** Gives the path to this user (when Marina is root; otherwise it is Marina's own already). */
    void own(Path path) {
        if (!dropPrivileges) {
            return;
        }
        try {
            UserPrincipal owner =
                    path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(name);
            var group = path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(name);
            PosixFileAttributeView view =
                    Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
            view.setOwner(owner);
            view.setGroup(group);
        } catch (IOException e) {
            throw new RuntimeFailure("cannot give " + path + " to user " + name + ": " + e.getMessage(), e);
        }
    }

    /** Refuses a path that belongs to another user: it is not ours to change. */
    void checkOwns(Path path) {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            String owner = Files.getOwner(path, LinkOption.NOFOLLOW_LINKS).getName();
            if (!owner.equals(name)) {
                throw new RuntimeFailure(path + " belongs to user " + owner + ", not to " + name
                        + " who runs the engine; move it away or give it to " + name + " (chown -R " + name + " " + path
                        + ")");
            }
        } catch (IOException e) {
            throw new RuntimeFailure("cannot read the owner of " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * The engine user must be able to reach its directories: every parent of MARINA_HOME needs search permission for
     * it. {@code /root} does not give that, so grant exactly search (x) to exactly this user with an ACL.
     */
    void ensureCanTraverse(Path directory) {
        if (!dropPrivileges) {
            return;
        }
        for (Path current = directory.toAbsolutePath(); current != null; current = current.getParent()) {
            if (!Files.isDirectory(current) || othersCanSearch(current) || isOwnedByUser(current)) {
                continue;
            }
            CommandOutput result = runCommand(List.of("setfacl", "-m", "u:" + name + ":x", current.toString()));
            if (result.exitCode() != 0) {
                throw new RuntimeFailure("user " + name + " cannot reach " + directory + " because " + current
                        + " is closed to it, and setfacl failed ("
                        + result.output().strip() + "); install acl"
                        + " (apt-get install -y acl), or set MARINA_HOME to a directory every user can reach");
            }
        }
    }

    /**
     * Lets the engine user read {@code path} (a program's jar or class directory it runs from, such as the gateway's):
     * search permission on every closed parent, and read permission on a file closed to others, both granted to this
     * user alone with an ACL.
     */
    public void ensureCanRead(Path path) {
        if (!dropPrivileges || !Files.exists(path)) {
            return;
        }
        Path absolute = path.toAbsolutePath();
        ensureCanTraverse(Files.isDirectory(absolute) ? absolute : absolute.getParent());
        try {
            if (Files.isRegularFile(absolute)
                    && !Files.getPosixFilePermissions(absolute).contains(PosixFilePermission.OTHERS_READ)
                    && !isOwnedByUser(absolute)) {
                CommandOutput result = runCommand(List.of("setfacl", "-m", "u:" + name + ":r", absolute.toString()));
                if (result.exitCode() != 0) {
                    throw new RuntimeFailure("user " + name + " cannot read " + absolute + ", and setfacl failed ("
                            + result.output().strip() + "); install acl (apt-get install -y acl)");
                }
            }
        } catch (IOException e) {
            throw new RuntimeFailure("cannot read the permissions of " + absolute + ": " + e.getMessage(), e);
        }
    }

    private boolean isOwnedByUser(Path path) {
        try {
            return Files.getOwner(path).getName().equals(name);
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean othersCanSearch(Path path) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
            return permissions.contains(PosixFilePermission.OTHERS_EXECUTE);
        } catch (IOException e) {
            return false;
        }
    }

    private void ensureExists() {
        if (runCommand(List.of("id", "-u", name)).exitCode() == 0) {
            return;
        }
        CommandOutput created = runCommand(List.of(
                "useradd",
                "--system",
                "--user-group",
                "--no-create-home",
                "--home-dir",
                "/nonexistent",
                "--shell",
                "/usr/sbin/nologin",
                name));
        if (created.exitCode() != 0 && runCommand(List.of("id", "-u", name)).exitCode() != 0) {
            throw new RuntimeFailure("cannot create the system user " + name + " that runs engines ("
                    + created.output().strip() + "); create it with: useradd --system --user-group " + name
                    + ", or set MARINA_ENGINE_USER to an existing unprivileged user");
        }
    }

    record CommandOutput(int exitCode, String output) {}

    static CommandOutput runCommand(List<String> command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new CommandOutput(-1, "timed out");
            }
            return new CommandOutput(process.exitValue(), output);
        } catch (IOException e) {
            return new CommandOutput(-1, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new CommandOutput(-1, "interrupted");
        }
    }
}
