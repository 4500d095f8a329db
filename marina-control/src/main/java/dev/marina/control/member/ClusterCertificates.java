package dev.marina.control.member;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.IPAddress;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * Issues a cluster's own certificate authority and the server certificate its client-facing members (gateways) serve
 * TLS with. Keys are ECDSA P-256, made and used by the JDK's own provider: BouncyCastle only builds the certificates
 * (extensions and names), so it is never registered as a security provider. Issuing is random (keys, serial numbers,
 * signatures): the results are stored with the cluster's secrets and read back, never issued again by a rendering.
 */
public final class ClusterCertificates {

    /** Long enough to outlive most clusters: every client that verifies the gateways holds this certificate. */
    static final Duration AUTHORITY_VALIDITY = Duration.ofDays(3650);

    /** A year; renewed (and the gateways restarted) when {@link #RENEW_BEFORE} is left. */
    static final Duration SERVER_VALIDITY = Duration.ofDays(365);

    static final Duration RENEW_BEFORE = Duration.ofDays(30);

    /** Clocks differ a little between machines: a certificate valid only from "now" is refused by a client behind. */
    static final Duration BACKDATE = Duration.ofHours(1);

    /** Every server certificate names these too, so that clients on the same machine can verify it. */
    static final List<String> LOCAL_HOSTS = List.of("localhost", "127.0.0.1");

    private static final String SIGNATURE = "SHA256withECDSA";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ClusterCertificates() {}

    /** A new self-signed certificate authority for {@code cluster}, allowed to sign server certificates only. */
    public static CertificateAndKey authority(String cluster, Instant now) {
        requireNonNull(cluster, "cluster is null");
        requireNonNull(now, "now is null");
        KeyPair keys = newKeyPair();
        X500Name name = name(cluster + " certificate authority");
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                            name,
                            serialNumber(),
                            Date.from(now.minus(BACKDATE)),
                            Date.from(now.plus(AUTHORITY_VALIDITY)),
                            name,
                            keys.getPublic())
                    // Path length 0: it signs server certificates, never another authority.
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(
                            Extension.subjectKeyIdentifier,
                            false,
                            extensions.createSubjectKeyIdentifier(keys.getPublic()));
            return new CertificateAndKey(pem("CERTIFICATE", sign(builder, keys.getPrivate())), privateKey(keys));
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot issue the certificate authority of " + cluster, e);
        }
    }

    /**
     * A server certificate for {@code cluster}'s client-facing members, signed by {@code authority}, naming {@code
     * hosts} (where the members listen) and {@link #LOCAL_HOSTS} as subject alternative names.
     */
    public static CertificateAndKey server(
            CertificateAndKey authority, String cluster, Collection<String> hosts, Instant now) {
        requireNonNull(authority, "authority is null");
        requireNonNull(cluster, "cluster is null");
        requireNonNull(now, "now is null");
        X509Certificate issuer = certificate(authority.certificate());
        KeyPair keys = newKeyPair();
        List<GeneralName> names = new ArrayList<>();
        for (String host : serverHosts(hosts)) {
            names.add(
                    IPAddress.isValid(host)
                            ? new GeneralName(GeneralName.iPAddress, host)
                            : new GeneralName(GeneralName.dNSName, host));
        }
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                            issuer,
                            serialNumber(),
                            Date.from(now.minus(BACKDATE)),
                            // Never beyond the authority: a client would refuse the chain from then on.
                            Date.from(min(
                                    now.plus(SERVER_VALIDITY),
                                    issuer.getNotAfter().toInstant())),
                            name(cluster),
                            keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(
                            Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(
                            Extension.subjectAlternativeName,
                            false,
                            new GeneralNames(names.toArray(GeneralName[]::new)))
                    .addExtension(
                            Extension.subjectKeyIdentifier,
                            false,
                            extensions.createSubjectKeyIdentifier(keys.getPublic()))
                    .addExtension(
                            Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(issuer));
            return new CertificateAndKey(
                    pem("CERTIFICATE", sign(builder, privateKey(authority.privateKey()))), privateKey(keys));
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot issue a server certificate for " + cluster, e);
        }
    }

    /**
     * Whether {@code server} can stay: signed by {@code authority}, naming every one of {@code hosts} and {@link
     * #LOCAL_HOSTS}, and valid for more than {@link #RENEW_BEFORE} after {@code now}.
     */
    public static boolean serves(
            CertificateAndKey server, CertificateAndKey authority, Collection<String> hosts, Instant now) {
        X509Certificate certificate = certificate(server.certificate());
        try {
            certificate.verify(certificate(authority.certificate()).getPublicKey());
            certificate.checkValidity(Date.from(now.plus(RENEW_BEFORE)));
            Set<String> named = new LinkedHashSet<>();
            Collection<List<?>> alternativeNames = certificate.getSubjectAlternativeNames();
            if (alternativeNames != null) {
                alternativeNames.forEach(entry -> named.add(canonical(String.valueOf(entry.get(1)))));
            }
            return serverHosts(hosts).stream()
                    .map(ClusterCertificates::canonical)
                    .allMatch(named::contains);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** When {@link #serves} turns false for {@code server} by time alone: {@link #RENEW_BEFORE} before it expires. */
    public static Instant renewalDue(CertificateAndKey server) {
        return certificate(server.certificate()).getNotAfter().toInstant().minus(RENEW_BEFORE);
    }

    /** Reads a PEM certificate with the JDK. */
    public static X509Certificate certificate(String pem) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a readable PEM certificate: " + e.getMessage(), e);
        }
    }

    /** The hosts a server certificate names, in a fixed order: the members' own first, then {@link #LOCAL_HOSTS}. */
    public static List<String> serverHosts(Collection<String> hosts) {
        Set<String> all = new LinkedHashSet<>(new TreeSet<>(hosts));
        all.addAll(LOCAL_HOSTS);
        return List.copyOf(all);
    }

    /** One spelling per name: IP addresses as the JDK prints them (it expands IPv6), names in lower case. */
    private static String canonical(String host) {
        if (IPAddress.isValid(host)) {
            try {
                return InetAddress.getByName(host).getHostAddress();
            } catch (UnknownHostException e) {
                // A literal address is never looked up, so this does not happen; keep the text as it is.
                return host;
            }
        }
        return host.toLowerCase(Locale.ROOT);
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot make P-256 keys", e);
        }
    }

    private static X500Name name(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "Marina")
                .addRDN(BCStyle.CN, commonName)
                .build();
    }

    /** Positive, at most 20 bytes (RFC 5280), unpredictable. */
    private static BigInteger serialNumber() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }

    private static byte[] sign(X509v3CertificateBuilder builder, PrivateKey key) {
        try {
            X509CertificateHolder holder = builder.build(new JcaContentSignerBuilder(SIGNATURE).build(key));
            return holder.getEncoded();
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("cannot sign with " + SIGNATURE, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String privateKey(KeyPair keys) {
        // The JDK encodes private keys as PKCS#8.
        return pem("PRIVATE KEY", keys.getPrivate().getEncoded());
    }

    private static PrivateKey privateKey(String pem) {
        try (PemReader reader = new PemReader(new StringReader(pem))) {
            PemObject object = reader.readPemObject();
            if (object == null) {
                throw new IllegalArgumentException("not a PEM private key");
            }
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(object.getContent()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a readable P-256 private key: " + e.getMessage(), e);
        }
    }

    private static String pem(String type, byte[] content) {
        StringWriter text = new StringWriter();
        try (PemWriter writer = new PemWriter(text)) {
            writer.writeObject(new PemObject(type, content));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    private static Instant min(Instant first, Instant second) {
        return first.isBefore(second) ? first : second;
    }
}
