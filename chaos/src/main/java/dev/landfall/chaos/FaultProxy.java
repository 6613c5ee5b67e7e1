package dev.landfall.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy between the services and one dependency (Kafka, PostgreSQL, S3, upstream) that can
 * misbehave on command: {@link Mode#LATENCY} delays every chunk in both directions, {@link Mode#RESET}
 * resets every open connection and each new one (RST, via SO_LINGER 0), {@link Mode#BLACKHOLE} stops
 * moving bytes (connections stay open, nothing arrives — like dropped packets) until the mode changes.
 * When the target itself is down, a new connection is reset, as a refused connect would be.
 */
final class FaultProxy implements AutoCloseable {

    enum Mode { PASS, LATENCY, RESET, BLACKHOLE }

    private final String name;
    private final int targetPort;
    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong connections = new AtomicLong();
    private volatile Mode mode = Mode.PASS;
    private volatile long latencyMillis;
    private volatile boolean closed;

    FaultProxy(String name, int listenPort, int targetPort) throws IOException {
        this.name = name;
        this.targetPort = targetPort;
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), listenPort), 256);
        Thread t = new Thread(this::acceptLoop, "proxy-" + name);
        t.setDaemon(true);
        t.start();
    }

    String name() {
        return name;
    }

    int port() {
        return server.getLocalPort();
    }

    long connections() {
        return connections.get();
    }

    Mode mode() {
        return mode;
    }

    void pass() {
        this.mode = Mode.PASS;
    }

    void latency(long millis) {
        this.latencyMillis = millis;
        this.mode = Mode.LATENCY;
    }

    void blackhole() {
        this.mode = Mode.BLACKHOLE;
    }

    /** Resets every open connection now and every new one until the mode changes. */
    void reset() {
        this.mode = Mode.RESET;
        for (Socket s : open) {
            rst(s);
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                connections.incrementAndGet();
                if (mode == Mode.RESET) {
                    rst(client);
                    continue;
                }
                Thread t = new Thread(() -> connect(client), "proxy-" + name + "-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void connect(Socket client) {
        open.add(client);
        awaitNotBlackholed();
        Socket upstream = new Socket();
        try {
            client.setTcpNoDelay(true);
            upstream.setTcpNoDelay(true);
            upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5000);
        } catch (IOException e) {
            rst(client);
            rst(upstream);
            open.remove(client);
            return;
        }
        open.add(upstream);
        Thread back = new Thread(() -> pump(upstream, client), "proxy-" + name + "-down");
        back.setDaemon(true);
        back.start();
        pump(client, upstream);
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16384];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                awaitNotBlackholed();
                Mode m = mode;
                if (m == Mode.RESET) {
                    break;
                }
                if (m == Mode.LATENCY && latencyMillis > 0) {
                    Thread.sleep(latencyMillis);
                }
                out.write(buffer, 0, n);
                out.flush();
            }
            if (mode != Mode.RESET) {
                to.shutdownOutput();
                return;
            }
        } catch (IOException e) {
            // the other side went away: fall through and tear down both
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        rst(from);
        rst(to);
    }

    private void awaitNotBlackholed() {
        while (mode == Mode.BLACKHOLE && !closed) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void rst(Socket s) {
        try {
            if (!s.isClosed()) {
                if (s.isConnected()) {
                    s.setSoLinger(true, 0);
                }
                s.close();
            }
        } catch (IOException e) {
            // already gone
        }
        open.remove(s);
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing
        }
        for (Socket s : open) {
            rst(s);
        }
    }
}
