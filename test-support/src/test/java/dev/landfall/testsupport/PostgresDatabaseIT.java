package dev.landfall.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.ds.PGSimpleDataSource;

class PostgresDatabaseIT {

    @RegisterExtension
    static final PostgresDatabase db = new PostgresDatabase();

    @Test
    void eachTestClassGetsItsOwnFreshDatabase() throws SQLException {
        assertThat(db.databaseName()).startsWith("lf_postgresdatabaseit_");
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            ResultSet rs = st.executeQuery("SELECT current_database(), count(*) FROM information_schema.tables WHERE table_schema = 'public'");
            rs.next();
            assertThat(rs.getString(1)).isEqualTo(db.databaseName());
            assertThat(rs.getInt(2)).isZero();
        }
    }

    @Test
    void closeDropsTheDatabaseEvenWithOpenConnections() throws Exception {
        PostgresDatabase manual = new PostgresDatabase();
        manual.start();
        String url = manual.jdbcUrl();
        Connection open = manual.dataSource().getConnection();
        manual.close();
        assertThat(open.isValid(2)).isFalse();
        open.close();
        PGSimpleDataSource gone = new PGSimpleDataSource();
        gone.setUrl(url);
        gone.setUser("postgres");
        assertThatThrownBy(() -> connect(gone)).isInstanceOf(SQLException.class).hasMessageContaining("does not exist");
    }

    @Test
    void anUnreachableServerFailsWithWhatToDo() {
        PostgresDatabase nowhere = new PostgresDatabase(new PostgresServer("127.0.0.1", 1, "postgres", ""));
        assertThatThrownBy(nowhere::start).isInstanceOf(SQLException.class)
                .hasMessageContaining("127.0.0.1:1").hasMessageContaining("LANDFALL_TEST_PG_HOST");
    }

    @Test
    void theServerIsRealPostgresqlSharedByTheJvm() throws SQLException {
        assertThat(PostgresServer.shared()).isSameAs(PostgresServer.shared());
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            ResultSet rs = st.executeQuery("SELECT pg_try_advisory_lock(42), current_setting('server_version_num')::int");
            rs.next();
            assertThat(rs.getBoolean(1)).isTrue();
            assertThat(rs.getInt(2)).isGreaterThanOrEqualTo(150000);
        }
    }

    private static void connect(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.isValid(1);
        }
    }
}
