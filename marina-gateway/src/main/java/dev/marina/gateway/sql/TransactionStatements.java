package dev.marina.gateway.sql;

/**
 * Reads transaction-control statements: {@code BEGIN}, {@code START TRANSACTION}, {@code SET TRANSACTION}, {@code SET
 * SESSION CHARACTERISTICS AS TRANSACTION}, {@code COMMIT}, {@code END}, {@code ROLLBACK}, {@code ABORT} and {@code
 * PREPARE TRANSACTION}, with their optional {@code WORK}/{@code TRANSACTION} and {@code AND [NO] CHAIN}.
 */
final class TransactionStatements {

    private enum AccessMode {
        READ_ONLY,
        READ_WRITE,
        UNSPECIFIED,
        INVALID
    }

    private TransactionStatements() {}

    /**
     * What the statement at the lexer's current token does to transaction state; {@link TransactionControl#NONE} for
     * anything else. Moves the lexer somewhere inside the statement.
     */
    static TransactionControl parse(SqlLexer lexer) {
        if (lexer.isWord("begin")) {
            lexer.advance();
            skipWorkOrTransaction(lexer);
            return begin(lexer);
        }
        if (lexer.isWord("start")) {
            lexer.advance();
            if (!lexer.isWord("transaction")) {
                return TransactionControl.NONE;
            }
            lexer.advance();
            return begin(lexer);
        }
        if (lexer.isWord("set")) {
            lexer.advance();
            return set(lexer);
        }
        if (lexer.isWord("commit") || lexer.isWord("end") || lexer.isWord("rollback") || lexer.isWord("abort")) {
            return end(lexer);
        }
        if (lexer.isWord("prepare")) {
            lexer.advance();
            return prepareTransaction(lexer);
        }
        return TransactionControl.NONE;
    }

    // Modes this parser does not know make the server refuse the BEGIN; read-write is the harmless guess either way.
    private static TransactionControl begin(SqlLexer lexer) {
        return accessMode(lexer) == AccessMode.READ_ONLY
                ? TransactionControl.BEGIN_READ_ONLY
                : TransactionControl.BEGIN_READ_WRITE;
    }

    private static TransactionControl set(SqlLexer lexer) {
        if (lexer.isWord("transaction")) {
            lexer.advance();
            return accessMode(lexer) == AccessMode.READ_ONLY
                    ? TransactionControl.SET_TRANSACTION_READ_ONLY
                    : TransactionControl.NONE;
        }
        if (expect(lexer, "session")
                && expect(lexer, "characteristics")
                && expect(lexer, "as")
                && expect(lexer, "transaction")) {
            return accessMode(lexer) == AccessMode.READ_ONLY
                    ? TransactionControl.SET_SESSION_READ_ONLY
                    : TransactionControl.NONE;
        }
        return TransactionControl.NONE;
    }

    private static TransactionControl end(SqlLexer lexer) {
        boolean rollback = lexer.isWord("rollback") || lexer.isWord("abort");
        boolean prepared = lexer.isWord("commit") || lexer.isWord("rollback");
        lexer.advance();
        if (prepared && lexer.isWord("prepared")) {
            return TransactionControl.NONE;
        }
        skipWorkOrTransaction(lexer);
        if (rollback && lexer.isWord("to")) {
            return TransactionControl.NONE;
        }
        boolean chain = false;
        if (lexer.isWord("and")) {
            lexer.advance();
            boolean noChain = lexer.isWord("no");
            if (noChain) {
                lexer.advance();
            }
            if (!expect(lexer, "chain")) {
                return TransactionControl.NONE;
            }
            chain = !noChain;
        }
        if (!lexer.atStatementEnd()) {
            return TransactionControl.NONE;
        }
        return chain ? TransactionControl.END_AND_CHAIN : TransactionControl.END;
    }

    // PREPARE TRANSACTION detaches the transaction from the session, which is then outside any transaction.
    private static TransactionControl prepareTransaction(SqlLexer lexer) {
        if (!expect(lexer, "transaction") || lexer.kind() != TokenKind.STRING) {
            return TransactionControl.NONE;
        }
        lexer.advance();
        return lexer.atStatementEnd() ? TransactionControl.END : TransactionControl.NONE;
    }

    /**
     * Reads transaction modes in any order, separated by commas or not: {@code ISOLATION LEVEL ...}, {@code READ
     * ONLY}, {@code READ WRITE}, {@code [NOT] DEFERRABLE}. Both access modes together count as read-write.
     */
    private static AccessMode accessMode(SqlLexer lexer) {
        boolean readOnly = false;
        boolean readWrite = false;
        while (!lexer.atStatementEnd()) {
            if (lexer.kind() == TokenKind.COMMA) {
                lexer.advance();
            } else if (lexer.isWord("isolation")) {
                lexer.advance();
                if (!expect(lexer, "level") || !isolationLevel(lexer)) {
                    return AccessMode.INVALID;
                }
            } else if (lexer.isWord("read")) {
                lexer.advance();
                if (lexer.isWord("only")) {
                    readOnly = true;
                } else if (lexer.isWord("write")) {
                    readWrite = true;
                } else {
                    return AccessMode.INVALID;
                }
                lexer.advance();
            } else if (lexer.isWord("not")) {
                lexer.advance();
                if (!expect(lexer, "deferrable")) {
                    return AccessMode.INVALID;
                }
            } else if (!expect(lexer, "deferrable")) {
                return AccessMode.INVALID;
            }
        }
        if (readWrite) {
            return AccessMode.READ_WRITE;
        }
        return readOnly ? AccessMode.READ_ONLY : AccessMode.UNSPECIFIED;
    }

    private static boolean isolationLevel(SqlLexer lexer) {
        if (lexer.isWord("serializable")) {
            lexer.advance();
            return true;
        }
        if (lexer.isWord("repeatable")) {
            lexer.advance();
            return expect(lexer, "read");
        }
        return expect(lexer, "read") && (expect(lexer, "committed") || expect(lexer, "uncommitted"));
    }

    private static void skipWorkOrTransaction(SqlLexer lexer) {
        if (lexer.isWord("work") || lexer.isWord("transaction")) {
            lexer.advance();
        }
    }

    /** Moves past {@code keyword} when it is the current token; false, without moving, when it is not. */
    private static boolean expect(SqlLexer lexer, String keyword) {
        if (!lexer.isWord(keyword)) {
            return false;
        }
        lexer.advance();
        return true;
    }
}
