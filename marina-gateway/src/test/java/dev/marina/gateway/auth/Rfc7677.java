package dev.marina.gateway.auth;

import java.util.Base64;

/** The SCRAM-SHA-256 example exchange from RFC 7677 section 3: user "user", password "pencil". */
final class Rfc7677 {

    static final String USER = "user";
    static final String PASSWORD = "pencil";
    static final String CLIENT_NONCE = "rOprNGfwEbeRWgbNEkqO";
    static final String SERVER_NONCE = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
    static final String SALT = "W22ZaJ0SNY7soEsUEjb6gQ==";
    static final int ITERATIONS = 4096;

    static final String CLIENT_FIRST = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO";
    static final String SERVER_FIRST =
            "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
    static final String CLIENT_FINAL = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
            + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
    static final String SERVER_FINAL = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

    private Rfc7677() {}

    /** Derived once: 4096 PBKDF2 iterations per test exchange would add up. */
    private static final ScramVerifier VERIFIER =
            ScramVerifier.of(PASSWORD, Base64.getDecoder().decode(SALT), ITERATIONS);

    static ScramVerifier verifier() {
        return VERIFIER;
    }

    static ScramServerExchange serverExchange() {
        return new ScramServerExchange(verifier(), SERVER_NONCE);
    }

    static ScramClientExchange clientExchange() {
        return new ScramClientExchange(USER, PASSWORD, CLIENT_NONCE);
    }
}
