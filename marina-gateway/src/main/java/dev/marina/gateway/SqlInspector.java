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
    public boolean certainlyNoSessionEffect(byte[] utf8, int length) {
        return SessionEffects.certainlyNone(utf8, length);
    }

    @Override
    public SessionFacts sessionFacts(String sql) {
        SessionEffect effect = SessionEffects.of(sql);
        if (effect instanceof SessionEffect.None) {
            return SessionFacts.NONE;
        }
        if (effect instanceof SessionEffect.Deallocate deallocate) {
            return new SessionFacts(false, Optional.of(deallocate.name()), false);
        }
        if (effect instanceof SessionEffect.DeallocateAll) {
            return new SessionFacts(false, Optional.of(""), false);
        }
        return new SessionFacts(effect.pins(), Optional.empty(), effect instanceof SessionEffect.DiscardAll);
    }
}
