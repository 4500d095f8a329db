package dev.marina.control.member;

import java.security.SecureRandom;

/** Generates passwords: 32 letters and digits, safe in URLs and configuration files without quoting. */
public final class CredentialGenerator {

    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private CredentialGenerator() {}

    public static String password() {
        StringBuilder password = new StringBuilder(32);
        for (int i = 0; i < 32; i++) {
            password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }
}
