package dev.landfall.chaos;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * The campaign's S3-API server as its own process: s3proxy over a directory, so its content survives
 * a kill and restart. {@code java -cp <harness classpath> dev.landfall.chaos.S3ServerMain <port> <dir> <bucket>}.
 */
public final class S3ServerMain {

    static final String ACCESS_KEY = "chaos-access";
    static final String SECRET_KEY = "chaos-secret";

    private S3ServerMain() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Path dir = Path.of(args[1]);
        String bucket = args[2];
        Files.createDirectories(dir);
        BlobStore store = new FilesystemNio2BlobStore(dir.toString());
        if (!store.containerExists(bucket)) {
            store.createContainer(bucket);
        }
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .ignoreUnknownHeaders(true)
                .build();
        proxy.start();
        System.out.println("s3proxy serving " + dir + " on port " + port);
        Thread.currentThread().join();
    }
}
