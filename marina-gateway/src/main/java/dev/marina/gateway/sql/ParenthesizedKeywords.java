package dev.marina.gateway.sql;

import java.util.Set;

/**
 * Keywords that a parenthesis may follow without a function being called: {@code IN (...)}, {@code EXISTS (...)},
 * {@code FILTER (WHERE ...)}, {@code FROM (SELECT ...)}. A word followed by a parenthesis that is neither one of these
 * nor a {@link SideEffectFreeFunctions side-effect-free function} is taken for a call that might write.
 */
final class ParenthesizedKeywords {

    private static final Set<String> KEYWORDS = Set.of(
            "in",
            "exists",
            "any",
            "all",
            "some",
            "array",
            "row",
            "cast",
            "values",
            "over",
            "filter",
            "within",
            "group",
            "as",
            "on",
            "using",
            "from",
            "join",
            "lateral",
            "where",
            "and",
            "or",
            "not",
            "is",
            "like",
            "ilike",
            "similar",
            "to",
            "between",
            "symmetric",
            "asymmetric",
            "case",
            "when",
            "then",
            "else",
            "select",
            "distinct",
            "union",
            "intersect",
            "except",
            "by",
            "having",
            "limit",
            "offset",
            "fetch",
            "first",
            "next",
            "only",
            "sets",
            "cube",
            "rollup",
            "materialized",
            "operator",
            "tablesample",
            "bernoulli",
            "system",
            "repeatable",
            "overlaps",
            "zone",
            "escape",
            "preceding",
            "following",
            "returning");

    private ParenthesizedKeywords() {}

    /** Whether {@code word}, folded to lower case, is a keyword a parenthesis may follow without calling anything. */
    static boolean contains(String word) {
        return KEYWORDS.contains(word);
    }
}
