package dev.marina.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JdbcTargetTest {

    @Test
    void readWriteUrlRequiresThePrimaryOnAnyOfItsHosts() {
        JdbcTarget target = JdbcTarget.fromLibpqUrl(
                "postgresql://app:secret@127.0.0.1:5432,127.0.0.1:5433/app?target_session_attrs=read-write", false);

        assertThat(target.url())
                .isEqualTo("jdbc:postgresql://127.0.0.1:5432,127.0.0.1:5433/app?targetServerType=primary");
        assertThat(target.user()).isEqualTo("app");
        assertThat(target.password()).isEqualTo("secret");
        assertThat(target.properties()).containsEntry("user", "app").containsEntry("password", "secret");
    }

    @Test
    void readOnlyUrlPrefersAReplica() {
        JdbcTarget target = JdbcTarget.fromLibpqUrl(
                "postgresql://app:secret@h1:5433,h2:5434/app?target_session_attrs=prefer-standby", true);

        assertThat(target.url()).isEqualTo("jdbc:postgresql://h1:5433,h2:5434/app?targetServerType=preferSecondary");
    }

    @Test
    void decodesPercentEncodedCredentialsButNotPlusSigns() {
        JdbcTarget target = JdbcTarget.fromLibpqUrl("postgresql://us%65r%2Bx:p%40ss%2Fw%3Ard+1%25@h:1/db", false);

        assertThat(target.user()).isEqualTo("user+x");
        assertThat(target.password()).isEqualTo("p@ss/w:rd+1%");
    }

    @Test
    void decodesMultiByteCharacters() {
        assertThat(PercentDecoding.decode("caf%C3%A9%20%E2%9C%93")).isEqualTo("café ✓");
        assertThat(PercentDecoding.decode("100%")).isEqualTo("100%");
        assertThat(PercentDecoding.decode("%zz")).isEqualTo("%zz");
    }

    @Test
    void acceptsThePostgresSchemeAndUrlsWithoutCredentials() {
        JdbcTarget target = JdbcTarget.fromLibpqUrl("postgres://localhost:5432/postgres", false);

        assertThat(target.url()).isEqualTo("jdbc:postgresql://localhost:5432/postgres?targetServerType=primary");
        assertThat(target.user()).isNull();
        assertThat(target.password()).isNull();
        assertThat(target.properties()).isEmpty();
    }

    @Test
    void userWithoutPasswordAndCredentialsInTheQuery() {
        assertThat(JdbcTarget.fromLibpqUrl("postgresql://app@h:1/db", false).password())
                .isNull();
        JdbcTarget fromQuery = JdbcTarget.fromLibpqUrl("postgresql://h:1/db?user=app&password=s%26cret", false);
        assertThat(fromQuery.user()).isEqualTo("app");
        assertThat(fromQuery.password()).isEqualTo("s&cret");
        assertThat(fromQuery.url()).isEqualTo("jdbc:postgresql://h:1/db?targetServerType=primary");
    }

    @Test
    void keepsOtherParametersInPgJdbcNames() {
        JdbcTarget target = JdbcTarget.fromLibpqUrl(
                "postgresql://h:1/db?sslmode=disable&application_name=demo&connect_timeout=5", false);

        assertThat(target.url())
                .isEqualTo("jdbc:postgresql://h:1/db?sslmode=disable&ApplicationName=demo&connectTimeout=5"
                        + "&targetServerType=primary");
    }

    @Test
    void refusesOtherSchemesWithoutEchoingThePassword() {
        assertThatThrownBy(() -> JdbcTarget.fromLibpqUrl("mysql://root:hunter2@h/db", false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("hunter2")
                .hasMessageContaining("postgresql://");
    }

    @Test
    void toStringHidesThePassword() {
        JdbcTarget target = JdbcTarget.fromLibpqUrl("postgresql://app:hunter2@h:1/db", false);

        assertThat(target.toString()).doesNotContain("hunter2").contains("****");
    }
}
