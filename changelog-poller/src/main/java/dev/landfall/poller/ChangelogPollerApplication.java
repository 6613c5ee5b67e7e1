package dev.landfall.poller;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/** Runs the changelog poller as its own service (the standalone module imports {@link PollerConfiguration} instead). */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(PollerConfiguration.class)
public class ChangelogPollerApplication {

    public static void main(String[] args) {
        SpringApplication.run(ChangelogPollerApplication.class, args);
    }
}
