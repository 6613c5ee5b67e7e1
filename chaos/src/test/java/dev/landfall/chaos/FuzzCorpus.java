package dev.landfall.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.Callable;
import java.util.Arrays;

/**
 * The checked-in fuzz corpus ({@code src/test/resources/fuzz-corpus}) and a small mutator: byte flips,
 * truncation, duplication and splices of hostile fragments, so property tests start from real upstream
 * answers instead of pure noise. {@link #withinDeadline} turns a hang into a failure.
 */
final class FuzzCorpus {

    /**
     * A hang is an input that does not finish within this: generous, because CI shares two cores and the
     * first call of a parser pays class loading; a real hang (a loop, catastrophic backtracking) never finishes.
     */
    static final long DEADLINE_MILLIS = 10_000;

    private static final String[] FRAGMENTS = {"<", ">", "&", "&#0;", "&#xFFFF;", "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>",
            "&e;", "<![CDATA[", "]]>", "\"", "\\u0000", "{", "}", "[", "]", ":", ",", "null", "-1", "1e999", "99999999999999999999",
            "\uD800", "%00", "../", "<a href=", "#sha256=", "<value>", "</value>", "<int>", "</int>", "<nil/>", "<struct>"};

    private FuzzCorpus() {
    }

    static byte[] read(String path) {
        try (InputStream in = FuzzCorpus.class.getResourceAsStream("/fuzz-corpus/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no corpus entry " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> lines(String path) {
        List<String> out = new ArrayList<>();
        for (String l : new String(read(path), StandardCharsets.UTF_8).split("\n")) {
            out.add(l);
        }
        return out;
    }

    /** A mutation of {@code seed} chosen by {@code random} (deterministic per seed value). */
    static byte[] mutate(byte[] seed, long randomSeed) {
        Random random = new Random(randomSeed);
        byte[] b = seed.clone();
        int rounds = 1 + random.nextInt(4);
        for (int i = 0; i < rounds && b.length > 0; i++) {
            switch (random.nextInt(5)) {
                case 0 -> b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                case 1 -> b = Arrays.copyOf(b, random.nextInt(b.length));
                case 2 -> {
                    int at = random.nextInt(b.length);
                    byte[] frag = FRAGMENTS[random.nextInt(FRAGMENTS.length)].getBytes(StandardCharsets.UTF_8);
                    byte[] n = new byte[b.length + frag.length];
                    System.arraycopy(b, 0, n, 0, at);
                    System.arraycopy(frag, 0, n, at, frag.length);
                    System.arraycopy(b, at, n, at + frag.length, b.length - at);
                    b = n;
                }
                case 3 -> {
                    int from = random.nextInt(b.length);
                    int len = Math.min(b.length - from, 1 + random.nextInt(64));
                    byte[] n = new byte[b.length + len];
                    System.arraycopy(b, 0, n, 0, from + len);
                    System.arraycopy(b, from, n, from + len, b.length - from);
                    b = n;
                }
                default -> {
                    int from = random.nextInt(b.length);
                    int len = Math.min(b.length - from, 1 + random.nextInt(32));
                    byte[] n = new byte[b.length - len];
                    System.arraycopy(b, 0, n, 0, from);
                    System.arraycopy(b, from + len, n, from, b.length - from - len);
                    b = n;
                }
            }
        }
        return b;
    }

    /** Runs {@code task} and fails if it takes longer than {@code millis} (a hang on hostile input). */
    static <T> T withinDeadline(ExecutorService pool, long millis, Callable<T> task) throws Exception {
        Future<T> f = pool.submit(task);
        try {
            return f.get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new AssertionError("no answer within " + millis + " ms: a hang on this input");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw new AssertionError(e.getCause());
        }
    }

    static ExecutorService pool() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz");
            t.setDaemon(true);
            return t;
        });
    }
}
