package dev.marina.gateway.auth;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.SecureRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Just enough of a PostgreSQL server's side of the v3 protocol to let a real client (pgjdbc, libpq) log in with
 * SCRAM-SHA-256 against a {@link ScramServerExchange}: startup, the three SASL rounds, then either AuthenticationOk and
 * ReadyForQuery or an ErrorResponse. One connection at a time; it reports each exchange's outcome.
 */
final class FakePostgresServer implements AutoCloseable {

    static final String AUTHENTICATED = "authenticated";

    private static final int SSL_REQUEST = 80877103;
    private static final int GSS_ENCRYPTION_REQUEST = 80877104;

    private final ServerSocket serverSocket;
    private final ScramVerifier verifier;
    private final BlockingQueue<String> outcomes = new LinkedBlockingQueue<>();
    private final Thread acceptor;

    FakePostgresServer(ScramVerifier verifier) throws IOException {
        this.verifier = verifier;
        this.serverSocket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        this.acceptor = Thread.ofPlatform().daemon().name("fake-postgres").start(this::acceptConnections);
    }

    int port() {
        return serverSocket.getLocalPort();
    }

    /** {@link #AUTHENTICATED}, or the message of the exchange's AuthenticationFailedException. */
    String nextOutcome() throws InterruptedException {
        String outcome = outcomes.poll(30, TimeUnit.SECONDS);
        if (outcome == null) {
            throw new AssertionError("no client finished a SCRAM exchange within 30 seconds");
        }
        return outcome;
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
        acceptor.interrupt();
    }

    private void acceptConnections() {
        while (!serverSocket.isClosed()) {
            try (Socket socket = serverSocket.accept()) {
                socket.setSoTimeout(30_000);
                serve(new DataInputStream(socket.getInputStream()), new DataOutputStream(socket.getOutputStream()));
            } catch (IOException e) {
                if (!serverSocket.isClosed()) {
                    outcomes.add("connection failed: " + e);
                }
            }
        }
    }

    private void serve(DataInputStream in, DataOutputStream out) throws IOException {
        readStartup(in, out);
        ByteArrayOutputStream mechanisms = new ByteArrayOutputStream();
        writeString(mechanisms, ScramServerExchange.MECHANISM);
        mechanisms.write(0);
        sendAuthentication(out, 10, mechanisms.toByteArray());

        ScramServerExchange exchange = new ScramServerExchange(verifier, new SecureRandom());
        try {
            String serverFirst = exchange.serverFirstMessage(readSaslInitialResponse(in));
            sendAuthentication(out, 11, serverFirst.getBytes(UTF_8));
            String serverFinal = exchange.serverFinalMessage(readSaslResponse(in));
            sendAuthentication(out, 12, serverFinal.getBytes(UTF_8));
        } catch (AuthenticationFailedException e) {
            sendError(out, e.sqlState(), e.getMessage());
            outcomes.add(e.getMessage());
            return;
        }
        sendAuthentication(out, 0, new byte[0]);
        sendReadyForQuery(out);
        outcomes.add(AUTHENTICATED);
        // Wait for the client's Terminate and its closing the socket before closing ours.
        while (in.read() >= 0) {}
    }

    /** Answers SSLRequest and GSSENCRequest with 'N' (not supported), then skips the StartupMessage's parameters. */
    private static void readStartup(DataInputStream in, DataOutputStream out) throws IOException {
        while (true) {
            int length = in.readInt();
            int code = in.readInt();
            if (code == SSL_REQUEST || code == GSS_ENCRYPTION_REQUEST) {
                out.write('N');
                out.flush();
                continue;
            }
            in.skipNBytes(length - 8);
            return;
        }
    }

    private static String readSaslInitialResponse(DataInputStream in) throws IOException {
        byte[] body = readMessage(in, 'p');
        DataInputStream message = new DataInputStream(new ByteArrayInputStream(body));
        int nameEnd = 0;
        while (body[nameEnd] != 0) {
            nameEnd++;
        }
        message.skipNBytes(nameEnd + 1L);
        int dataLength = message.readInt();
        return new String(message.readNBytes(dataLength), UTF_8);
    }

    private static String readSaslResponse(DataInputStream in) throws IOException {
        return new String(readMessage(in, 'p'), UTF_8);
    }

    private static byte[] readMessage(DataInputStream in, char expectedType) throws IOException {
        int type = in.readUnsignedByte();
        if (type != expectedType) {
            throw new IOException("expected message '" + expectedType + "' but got '" + (char) type + "'");
        }
        return in.readNBytes(in.readInt() - 4);
    }

    private static void sendAuthentication(DataOutputStream out, int code, byte[] data) throws IOException {
        out.writeByte('R');
        out.writeInt(8 + data.length);
        out.writeInt(code);
        out.write(data);
        out.flush();
    }

    /** The parameters pgjdbc insists on, then BackendKeyData and ReadyForQuery: the connection is ready. */
    private static void sendReadyForQuery(DataOutputStream out) throws IOException {
        String[][] parameters = {
            {"server_version", "15.0"},
            {"server_encoding", "UTF8"},
            {"client_encoding", "UTF8"},
            {"DateStyle", "ISO, MDY"},
            {"integer_datetimes", "on"},
            {"standard_conforming_strings", "on"},
            {"TimeZone", "UTC"},
        };
        for (String[] parameter : parameters) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            writeString(body, parameter[0]);
            writeString(body, parameter[1]);
            send(out, 'S', body.toByteArray());
        }
        send(out, 'K', new byte[] {0, 0, 0, 1, 0, 0, 0, 2});
        send(out, 'Z', new byte[] {'I'});
        out.flush();
    }

    private static void sendError(DataOutputStream out, String sqlState, String message) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (String[] field : new String[][] {{"S", "FATAL"}, {"V", "FATAL"}, {"C", sqlState}, {"M", message}}) {
            body.write(field[0].charAt(0));
            writeString(body, field[1]);
        }
        body.write(0);
        send(out, 'E', body.toByteArray());
        out.flush();
    }

    private static void send(DataOutputStream out, char type, byte[] body) throws IOException {
        out.writeByte(type);
        out.writeInt(4 + body.length);
        out.write(body);
    }

    private static void writeString(ByteArrayOutputStream out, String value) {
        out.writeBytes(value.getBytes(UTF_8));
        out.write(0);
    }
}
