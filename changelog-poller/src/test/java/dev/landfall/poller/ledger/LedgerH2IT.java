package dev.landfall.poller.ledger;

import java.util.Map;

/** Standalone runs on H2 in PostgreSQL mode: the same SQL must work there. */
class LedgerH2IT extends LedgerContract {

    @Override
    Map<String, Object> datasource() {
        return Map.of("spring.datasource.url", "jdbc:h2:mem:ledger-" + System.nanoTime()
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
                "spring.datasource.username", "sa", "spring.datasource.password", "");
    }
}
