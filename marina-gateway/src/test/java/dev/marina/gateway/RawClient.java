package dev.marina.gateway;

import dev.marina.gateway.auth.ScramClientExchange;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/** A hand-driven protocol client, for the bad inputs no real client sends. */
final class RawClient implements AutoCloseable {

    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;

    RawClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
        out = new DataOutputStream(socket.getOutputStream());
    }

    /** Logs in as {@code user} with SCRAM and reads up to the first ReadyForQuery. */
    RawClient login(String user, String password) throws Exception {
        byte[] parameters = ("user\0" + user + "\0database\0app\0\0").getBytes(StandardCharsets.UTF_8);
        out.writeInt(8 + parameters.length);
        out.writeInt(196608);
        out.write(parameters);
        out.flush();
        expectAuthentication(10);
        ScramClientExchange scram = new ScramClientExchange(password, new SecureRandom());
        byte[] first = scram.clientFirstMessage().getBytes(StandardCharsets.UTF_8);
        byte[] mechanism = "SCRAM-SHA-256\0".getBytes(StandardCharsets.UTF_8);
        out.writeByte('p');
        out.writeInt(4 + mechanism.length + 4 + first.length);
        out.write(mechanism);
        out.writeInt(first.length);
        out.write(first);
        out.flush();
        String serverFirst = new String(expectAuthentication(11), StandardCharsets.UTF_8);
        byte[] last = scram.clientFinalMessage(serverFirst).getBytes(StandardCharsets.UTF_8);
        out.writeByte('p');
        out.writeInt(4 + last.length);
        out.write(last);
        out.flush();
        expectAuthentication(12);
        expectAuthentication(0);
        while (readMessage().type() != 'Z') {
            // parameters and the key
        }
        return this;
    }

    private byte[] expectAuthentication(int code) throws IOException {
        Message message = readMessage();
        if (message.type() != 'R') {
            throw new IOException("expected authentication, got '" + message.type() + "': " + message.text());
        }
        int got = ((message.body()[0] & 0xff) << 24)
                | ((message.body()[1] & 0xff) << 16)
                | ((message.body()[2] & 0xff) << 8)
                | (message.body()[3] & 0xff);
        if (got != code) {
            throw new IOException("expected authentication " + code + ", got " + got);
        }
        byte[] data = new byte[message.body().length - 4];
        System.arraycopy(message.body(), 4, data, 0, data.length);
        return data;
    }

    record Message(char type, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8).replace('\0', '|');
        }
    }

    Message readMessage() throws IOException {
        char type = (char) in.readUnsignedByte();
        int length = in.readInt();
        byte[] body = new byte[length - 4];
        in.readFully(body);
        return new Message(type, body);
    }

    /** Reads until the peer closes; returns every message seen (an ErrorResponse among them, if any). */
    String readUntilClosed() throws IOException {
        StringBuilder seen = new StringBuilder();
        try {
            while (true) {
                Message message = readMessage();
                seen.append(message.type()).append(':').append(message.text()).append('\n');
            }
        } catch (EOFException | java.net.SocketException closed) {
            return seen.toString();
        }
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    void sendHeader(char type, int length) throws IOException {
        out.writeByte(type);
        out.writeInt(length);
        out.flush();
    }

    void query(String sql) throws IOException {
        byte[] text = (sql + "\0").getBytes(StandardCharsets.UTF_8);
        out.writeByte('Q');
        out.writeInt(4 + text.length);
        out.write(text);
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
