package dev.marina.control.member;

import static java.util.Objects.requireNonNull;

/**
 * A certificate and its private key, both PEM (the key unencrypted PKCS#8, as Netty and libpq read it). {@link
 * #toString()} never shows the key.
 *
 * @param certificate {@code -----BEGIN CERTIFICATE-----} ...
 * @param privateKey {@code -----BEGIN PRIVATE KEY-----} ...
 */
public record CertificateAndKey(String certificate, String privateKey) {

    private static final String KEY_HEADER = "-----BEGIN PRIVATE KEY-----";

    public CertificateAndKey {
        requireNonNull(certificate, "certificate is null");
        requireNonNull(privateKey, "privateKey is null");
        if (!certificate.startsWith("-----BEGIN CERTIFICATE-----")) {
            throw new IllegalArgumentException("certificate is not a PEM certificate");
        }
        if (!privateKey.startsWith(KEY_HEADER)) {
            throw new IllegalArgumentException("privateKey is not a PEM PKCS#8 private key");
        }
    }

    /** Both in one text, as stored: saved in one write, so a crash never keeps a certificate without its key. */
    public String text() {
        return certificate + privateKey;
    }

    /** Reads what {@link #text()} wrote. */
    public static CertificateAndKey parse(String text) {
        requireNonNull(text, "text is null");
        int key = text.indexOf(KEY_HEADER);
        if (key < 0) {
            throw new IllegalArgumentException("no private key after the certificate");
        }
        return new CertificateAndKey(text.substring(0, key), text.substring(key));
    }

    @Override
    public String toString() {
        return "CertificateAndKey[privateKey=***]";
    }
}
