package dev.marina.gateway.sql;

import java.util.Optional;

/**
 * An application's routing hint in a comment before the first token: {@code marina:replica} or {@code marina:read}
 * sends the statement to a replica, {@code marina:primary} or {@code marina:write} to the primary, in {@code /* *}{@code
 * /} or {@code --} form, case-insensitively. Hints that contradict each other count as {@code marina:primary}.
 */
final class RoutingHint {

    private static final String PREFIX = "marina:";

    private RoutingHint() {}

    static Optional<Route> in(String sql) {
        Route hinted = null;
        for (String comment : SqlLexer.leadingComments(sql)) {
            int from = 0;
            int prefix;
            while ((prefix = indexOfIgnoringCase(comment, from)) >= 0) {
                int wordStart = prefix + PREFIX.length();
                int wordEnd = wordStart;
                while (wordEnd < comment.length() && isAsciiLetter(comment.charAt(wordEnd))) {
                    wordEnd++;
                }
                Route route = route(comment, wordStart, wordEnd);
                if (route != null) {
                    hinted = hinted == null || hinted == route ? route : Route.WRITE;
                }
                from = wordEnd;
            }
        }
        return Optional.ofNullable(hinted);
    }

    private static Route route(String comment, int start, int end) {
        if (matches(comment, start, end, "replica") || matches(comment, start, end, "read")) {
            return Route.READ;
        }
        if (matches(comment, start, end, "primary") || matches(comment, start, end, "write")) {
            return Route.WRITE;
        }
        return null;
    }

    private static int indexOfIgnoringCase(String comment, int from) {
        for (int index = from; index + PREFIX.length() <= comment.length(); index++) {
            if (matches(comment, index, index + PREFIX.length(), PREFIX)) {
                return index;
            }
        }
        return -1;
    }

    private static boolean matches(String text, int start, int end, String lowerCase) {
        if (end - start != lowerCase.length()) {
            return false;
        }
        for (int index = 0; index < lowerCase.length(); index++) {
            if (SqlLexer.lowerAscii(text.charAt(start + index)) != lowerCase.charAt(index)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiLetter(char character) {
        char lower = SqlLexer.lowerAscii(character);
        return lower >= 'a' && lower <= 'z';
    }
}
