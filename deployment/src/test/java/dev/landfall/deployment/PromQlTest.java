package dev.landfall.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The metric names read from PromQL: the input of ChartMetricsIT's "every metric exists" check. */
class PromQlTest {

    @Test
    void functionsLabelsRangesAndGroupingsAreNotMetrics() {
        assertThat(PromQl.metricNames("sum by (operation) (rate(landfall_storage_errors_total{operation=\"get\"}[5m])) > 0"))
                .containsExactly("landfall_storage_errors_total");
        assertThat(PromQl.metricNames("(max(landfall_index_lag_serials) > 0) and on() (max(changes(landfall_index_snapshot_serial[15m])) == 0)"))
                .containsExactly("landfall_index_lag_serials", "landfall_index_snapshot_serial");
        assertThat(PromQl.metricNames("sum(rate(a_total[10m])) / ignoring(kind) group_left sum(rate(b_total[$__rate_interval])) > 0.2"))
                .containsExactly("a_total", "b_total");
    }

    @Test
    void everyMetricOfAnExpressionIsFoundIncludingBareOnes() {
        assertThat(PromQl.metricNames("up == 0 or absent(landfall_index_snapshot_serial) unless bool x:recorded:rate5m offset 5m"))
                .containsExactly("landfall_index_snapshot_serial", "up", "x:recorded:rate5m");
    }

    @Test
    void theScrapeYieldsSampleNamesNotHelpOrTypeLines() {
        String scrape = """
                # HELP landfall_storage_errors_total Storage operations that failed
                # TYPE landfall_storage_errors_total counter
                landfall_storage_errors_total{operation="get"} 0.0
                landfall_index_lag_serials 3.0
                """;
        assertThat(ChartMetrics.exposed(scrape)).containsExactly("landfall_index_lag_serials", "landfall_storage_errors_total");
    }
}
