package dev.landfall.index;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/** Runs the index server alone (docs/architecture.md#service-wiring: no component scan here). */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(IndexServerConfiguration.class)
public class IndexServerApplication {

    public static void main(String[] args) {
        SpringApplication.run(IndexServerApplication.class, args);
    }
}
