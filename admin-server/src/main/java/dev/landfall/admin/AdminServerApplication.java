package dev.landfall.admin;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/** Runs the admin server alone (no component scan here: {@link AdminServerConfiguration} scans its own packages). */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(AdminServerConfiguration.class)
public class AdminServerApplication {

    public static void main(String[] args) {
        SpringApplication.run(AdminServerApplication.class, args);
    }
}
