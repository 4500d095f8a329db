package dev.marina.gateway;

import dev.marina.gateway.session.QueryInspector;
import java.util.Locale;
import java.util.Optional;

/** Interim: replaced by the lexer-based classifier. */
final class SqlInspector implements QueryInspector {

    @Override
    public boolean isRead(String sql) {
        return false;
    }

    @Override
    public boolean pinsSession(String sql) {
        String text = sql.strip().toLowerCase(Locale.ROOT);
        return (text.startsWith("set ") && !text.startsWith("set local") && !text.startsWith("set transaction"))
                || text.startsWith("listen")
                || text.contains("pg_advisory_lock")
                || text.startsWith("create temp");
    }

    @Override
    public Optional<String> deallocation(String sql) {
        return Optional.empty();
    }

    @Override
    public boolean discardsAll(String sql) {
        return false;
    }
}
