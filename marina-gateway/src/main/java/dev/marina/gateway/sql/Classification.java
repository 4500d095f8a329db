package dev.marina.gateway.sql;

import static java.util.Objects.requireNonNull;

/**
 * How the gateway may route a statement and what it does to transaction state.
 *
 * @param route {@link Route#READ} only when the text is provably read-only (or a hint says so); anything uncertain is
 *     {@link Route#WRITE}
 * @param transactionControl the transaction-control fact, {@link TransactionControl#NONE} for anything else
 */
public record Classification(Route route, TransactionControl transactionControl) {

    public Classification {
        requireNonNull(route, "route is null");
        requireNonNull(transactionControl, "transactionControl is null");
    }

    public boolean readOnly() {
        return route == Route.READ;
    }
}
