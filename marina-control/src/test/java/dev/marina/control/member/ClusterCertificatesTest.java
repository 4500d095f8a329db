package dev.marina.control.member;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

class ClusterCertificatesTest {

    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    private static final int DNS_NAME = 2;
    private static final int IP_ADDRESS = 7;

    private final CertificateAndKey authority = ClusterCertificates.authority("orders", NOW);

    @Test
    void theAuthorityIsASelfSignedCaThatSignsServerCertificatesOnly() throws Exception {
        X509Certificate certificate = ClusterCertificates.certificate(authority.certificate());

        certificate.verify(certificate.getPublicKey());
        assertThat(certificate.getSubjectX500Principal()).isEqualTo(certificate.getIssuerX500Principal());
        assertThat(certificate.getSubjectX500Principal().getName()).contains("CN=orders certificate authority");
        assertThat(certificate.getBasicConstraints())
                .as("a CA with path length 0")
                .isZero();
        assertThat(certificate.getKeyUsage()[5]).as("keyCertSign").isTrue();
        assertThat(certificate.getKeyUsage()[0]).as("digitalSignature").isFalse();
        assertThat(certificate.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(3650)));
        assertThat(certificate.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(certificate.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertKeyMatches(authority);
    }

    @Test
    void theServerCertificateNamesTheMembersHostsAndTheLocalOnes() throws Exception {
        CertificateAndKey server =
                ClusterCertificates.server(authority, "orders", List.of("orders-gateway.svc", "10.1.2.3"), NOW);
        X509Certificate certificate = ClusterCertificates.certificate(server.certificate());

        certificate.verify(
                ClusterCertificates.certificate(authority.certificate()).getPublicKey());
        assertThat(certificate.getSubjectAlternativeNames())
                .containsExactly(
                        List.of(IP_ADDRESS, "10.1.2.3"),
                        List.of(DNS_NAME, "orders-gateway.svc"),
                        List.of(DNS_NAME, "localhost"),
                        List.of(IP_ADDRESS, "127.0.0.1"));
        assertThat(certificate.getBasicConstraints()).as("not a CA").isEqualTo(-1);
        assertThat(certificate.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(certificate.getKeyUsage()[0]).as("digitalSignature").isTrue();
        assertThat(certificate.getNotBefore().toInstant()).isBefore(NOW);
        assertThat(certificate.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(365)));
        assertKeyMatches(server);
    }

    @Test
    void aServerCertificateNeverOutlivesItsAuthority() {
        Instant lateInTheAuthoritysLife = NOW.plus(Duration.ofDays(3600));

        CertificateAndKey server = ClusterCertificates.server(authority, "orders", List.of(), lateInTheAuthoritysLife);

        assertThat(ClusterCertificates.certificate(server.certificate()).getNotAfter())
                .isEqualTo(
                        ClusterCertificates.certificate(authority.certificate()).getNotAfter());
    }

    @Test
    void aServerCertificateStaysWhileItNamesEveryHostAndIsFarFromItsEnd() {
        CertificateAndKey server = ClusterCertificates.server(authority, "orders", Set.of("127.0.0.1"), NOW);

        assertThat(ClusterCertificates.serves(server, authority, Set.of("127.0.0.1"), NOW))
                .isTrue();
        assertThat(ClusterCertificates.serves(server, authority, Set.of(), NOW.plus(Duration.ofDays(334))))
                .isTrue();
        assertThat(ClusterCertificates.serves(server, authority, Set.of("10.0.0.7"), NOW))
                .as("a member on a host it does not name")
                .isFalse();
        assertThat(ClusterCertificates.serves(server, authority, Set.of(), NOW.plus(Duration.ofDays(336))))
                .as("less than 30 days left")
                .isFalse();
        assertThat(ClusterCertificates.serves(
                        server, ClusterCertificates.authority("orders", NOW), Set.of("127.0.0.1"), NOW))
                .as("issued by another authority")
                .isFalse();
    }

    @Test
    void hostsAreComparedByAddressAndWithoutCase() {
        CertificateAndKey server = ClusterCertificates.server(authority, "orders", Set.of("::1", "DB.Example"), NOW);

        assertThat(ClusterCertificates.serves(server, authority, Set.of("0:0:0:0:0:0:0:1", "db.example"), NOW))
                .isTrue();
    }

    @Test
    void storedTextReadsBackAndNeverShowsTheKey() {
        CertificateAndKey read = CertificateAndKey.parse(authority.text());

        assertThat(read).isEqualTo(authority);
        assertThat(read.toString())
                .doesNotContain("PRIVATE", authority.privateKey().substring(30, 60));
        assertThat(new ClusterTls(authority.certificate(), read).toString()).doesNotContain("PRIVATE");
        assertThatThrownBy(() -> CertificateAndKey.parse(authority.certificate()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no private key");
    }

    /** A JDK client that verifies as libpq's verify-full does: the chain up to the cluster CA, and the host name. */
    @Test
    void aClientThatTrustsTheAuthorityVerifiesTheServerByAddressAndName() throws Exception {
        // Issued now: the client checks validity against its own clock.
        Instant now = Instant.now();
        CertificateAndKey authority = ClusterCertificates.authority("orders", now);
        CertificateAndKey server = ClusterCertificates.server(authority, "orders", Set.of("127.0.0.1"), now);

        assertThat(handshake(server, authority, "127.0.0.1")).isEqualTo("TLSv1.3");
        assertThat(handshake(server, authority, "localhost")).isEqualTo("TLSv1.3");
        CertificateAndKey stranger = ClusterCertificates.authority("other", now);
        assertThatThrownBy(() -> handshake(server, stranger, "127.0.0.1")).isInstanceOf(SSLHandshakeException.class);
    }

    /** Serves {@code server} on loopback and connects trusting {@code trusted}, checking {@code host}. */
    private static String handshake(CertificateAndKey server, CertificateAndKey trusted, String host) throws Exception {
        SSLContext serverContext = SSLContext.getInstance("TLS");
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", privateKey(server.privateKey()), new char[0], new Certificate[] {
            ClusterCertificates.certificate(server.certificate())
        });
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, new char[0]);
        serverContext.init(keyManagers.getKeyManagers(), null, null);

        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("authority", ClusterCertificates.certificate(trusted.certificate()));
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext clientContext = SSLContext.getInstance("TLS");
        clientContext.init(null, trustManagers.getTrustManagers(), null);

        try (SSLServerSocket listener = (SSLServerSocket)
                serverContext.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> accepted = CompletableFuture.runAsync(() -> {
                try (SSLSocket socket = (SSLSocket) listener.accept();
                        OutputStream out = socket.getOutputStream()) {
                    out.write('x');
                } catch (Exception ignored) {
                    // The client's refusal reaches the server as a failed handshake: the client reports it.
                }
            });
            // Connected to the loopback address, verified as `host`: what a client that looked `host` up would see.
            Socket plain = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
            try (SSLSocket client = (SSLSocket)
                    clientContext.getSocketFactory().createSocket(plain, host, listener.getLocalPort(), true)) {
                SSLParameters parameters = client.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                client.setSSLParameters(parameters);
                InputStream in = client.getInputStream();
                assertThat(in.read()).isEqualTo('x');
                return client.getSession().getProtocol();
            } finally {
                accepted.get(10, TimeUnit.SECONDS);
            }
        }
    }

    private static void assertKeyMatches(CertificateAndKey pair) throws Exception {
        byte[] message = "marina".getBytes(StandardCharsets.UTF_8);
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(privateKey(pair.privateKey()));
        signer.update(message);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(ClusterCertificates.certificate(pair.certificate()).getPublicKey());
        verifier.update(message);
        assertThat(verifier.verify(signature)).isTrue();
    }

    private static PrivateKey privateKey(String pem) throws Exception {
        String base64 = pem.replace("-----BEGIN PRIVATE KEY-----", "")
                .replace("-----END PRIVATE KEY-----", "")
                .replaceAll("\\s", "");
        return KeyFactory.getInstance("EC")
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }
}
