package dev.marina.gateway;

import dev.marina.gateway.session.QueryInspector;
import dev.marina.gateway.sql.SessionEffect;
import dev.marina.gateway.sql.SessionEffects;
import dev.marina.gateway.sql.StatementClassifier;
import java.util.Optional;

/** The gateway's questions about SQL, answered by the lexer-based classifier and session-effects reader. */
public final class SqlInspector implements QueryInspector {

    @Override
    public boolean isRead(String sql) {
        // BEGIN READ ONLY is classified READ as well: the whole transaction then runs on a replica.
        return StatementClassifier.classify(sql).readOnly();
    }

    @Override
    public boolean pinsSession(String sql) {
        return SessionEffects.of(sql).pins();
    }

    @Override
    public Optional<String> deallocation(String sql) {
        SessionEffect effect = SessionEffects.of(sql);
        if (effect instanceof SessionEffect.Deallocate deallocate) {
            return Optional.of(deallocate.name());
        }
        if (effect instanceof SessionEffect.DeallocateAll) {
            return Optional.of("");
        }
        return Optional.empty();
    }

    @Override
    public boolean discardsAll(String sql) {
        return SessionEffects.of(sql).equals(SessionEffect.DISCARD_ALL);
    }
}
