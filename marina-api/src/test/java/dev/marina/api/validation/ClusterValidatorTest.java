package dev.marina.api.validation;

import static dev.marina.api.TestEngines.GATEWAY;
import static dev.marina.api.TestEngines.POSTGRES;
import static dev.marina.api.TestEngines.POSTGRESQL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.marina.api.AvailabilitySpec;
import dev.marina.api.ClusterSpec;
import dev.marina.api.ClusterStatus;
import dev.marina.api.ComponentSpec;
import dev.marina.api.DatabaseCluster;
import dev.marina.api.EngineCatalog;
import dev.marina.api.EngineDescription;
import dev.marina.api.ObjectMeta;
import dev.marina.api.ResourcesSpec;
import dev.marina.api.StorageSpec;
import dev.marina.api.TestEngines;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ClusterValidatorTest {

    private final ClusterValidator validator = new ClusterValidator(TestEngines.catalog());

    // --- a valid cluster and its defaults ---

    @Test
    void minimalClusterGetsEveryDefault() {
        DatabaseCluster minimal = new DatabaseCluster(
                DatabaseCluster.API_VERSION,
                DatabaseCluster.KIND,
                ObjectMeta.named("orders"),
                new ClusterSpec(POSTGRESQL, null, null, null, null),
                null);

        DatabaseCluster validated = validator.validate(minimal);

        ClusterSpec spec = validated.spec();
        assertThat(spec.engine()).isEqualTo(POSTGRESQL);
        assertThat(spec.version()).as("newest version").isEqualTo("15");
        assertThat(spec.components())
                .as("only the required component, with the engine's default replicas")
                .containsOnlyKeys(POSTGRES);
        assertThat(spec.components().get(POSTGRES).replicas()).isEqualTo(TestEngines.DEFAULT_REPLICAS);
        assertThat(spec.availability()).isEqualTo(new AvailabilitySpec(false, "automatic", "250ms", 4, "16Mi"));
        assertThat(spec.deletionProtection()).isFalse();
        assertThat(validated.metadata()).isEqualTo(ObjectMeta.named("orders"));
        assertThat(validated.apiVersion()).isEqualTo(DatabaseCluster.API_VERSION);
        assertThat(validated.kind()).isEqualTo(DatabaseCluster.KIND);
    }

    @Test
    void newestVersionIsTheLastOneTheEngineLists() {
        DatabaseCluster validated = new ClusterValidator(catalogWithVersions15And16())
                .validate(cluster(new ClusterSpec(POSTGRESQL, null, null, null, null)));

        assertThat(validated.spec().version()).isEqualTo("16");
    }

    @Test
    void fullySpecifiedClusterIsKeptAsWritten() {
        ComponentSpec postgres = new ComponentSpec(
                2,
                Map.of("max_connections", "200", "shared_buffers", "128MB", "jit", "off"),
                new ResourcesSpec(Map.of("cpu", "500m", "memory", "1Gi"), Map.of("cpu", "2", "memory", "1Gi")),
                new StorageSpec("10Gi", "fast"));
        ComponentSpec gateway = new ComponentSpec(1, null, null, null);
        Map<String, ComponentSpec> components = new LinkedHashMap<>();
        components.put(POSTGRES, postgres);
        components.put(GATEWAY, gateway);
        ClusterSpec spec = new ClusterSpec(
                POSTGRESQL, "15", components, new AvailabilitySpec(true, "manual", "100ms", 3, "1Mi"), true);

        DatabaseCluster validated = validator.validate(cluster(spec));

        assertThat(validated.spec()).isEqualTo(spec);
        assertThat(validated.spec().components().get(POSTGRES).config())
                .as("engine-native settings pass through untouched")
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("max_connections", "200", "shared_buffers", "128MB", "jit", "off"));
    }

    @Test
    void statusIsKeptWhenValidating() {
        ClusterStatus status = new ClusterStatus("Running", 1L, null, "orders-postgres-0", 1L, null, null);
        DatabaseCluster validated = validator.validate(cluster(postgres(3)).withStatus(status));

        assertThat(validated.status()).isEqualTo(status);
    }

    // --- header and name ---

    @Test
    void wrongApiVersionIsRefused() {
        DatabaseCluster cluster = new DatabaseCluster(
                "marina.dev/v2", DatabaseCluster.KIND, ObjectMeta.named("orders"), spec(postgres(3)), null);

        assertOnlyError(refused(cluster), "apiVersion", "unknown version 'marina.dev/v2'", "marina.dev/v1alpha1");
    }

    @Test
    void missingApiVersionIsRefused() {
        DatabaseCluster cluster =
                new DatabaseCluster(null, DatabaseCluster.KIND, ObjectMeta.named("orders"), spec(postgres(3)), null);

        assertOnlyError(refused(cluster), "apiVersion", "missing", "marina.dev/v1alpha1");
    }

    @Test
    void missingNameIsRefused() {
        DatabaseCluster cluster =
                new DatabaseCluster(DatabaseCluster.API_VERSION, DatabaseCluster.KIND, null, spec(postgres(3)), null);

        assertOnlyError(refused(cluster), "metadata.name", "missing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Orders", "orders_db", "-orders", "orders-", "orders.eu", "ördérs", "orders db"})
    void nameThatIsNotADnsLabelIsRefused(String name) {
        assertOnlyError(
                refused(cluster(name, postgres(3))),
                "metadata.name",
                "'" + name + "' is not a DNS label",
                "lower-case letters, digits and '-'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "orders", "orders-eu-1", "1orders"})
    void dnsLabelNamesAreAccepted(String name) {
        assertThat(validator.validate(cluster(name, postgres(3))).name()).isEqualTo(name);
    }

    @Test
    void nameTooLongForMemberNamesIsRefused() {
        String longest = "a".repeat(47);
        String tooLong = "a".repeat(48);

        assertThat(validator.validate(cluster(longest, postgres(3))).name()).isEqualTo(longest);
        List<FieldError> errors = refused(cluster(tooLong, postgres(3)));
        assertThat(errors).allSatisfy(error -> assertThat(error.path()).isEqualTo("metadata.name"));
        assertThat(errors)
                .anySatisfy(error ->
                        assertThat(error.message()).contains("is too long").contains("at most 47 characters"));
    }

    @Test
    void nameLongerThanADnsLabelIsRefused() {
        List<FieldError> errors = refused(cluster("a".repeat(64), postgres(3)));

        assertThat(errors).anySatisfy(error -> {
            assertThat(error.path()).isEqualTo("metadata.name");
            assertThat(error.message()).contains("too long");
        });
    }

    @Test
    void checkClusterNameAcceptsAndRefusesOnItsOwn() {
        assertThat(ClusterValidator.checkClusterName("orders")).isEmpty();
        assertThat(ClusterValidator.checkClusterName("Orders")).hasValueSatisfying(error -> {
            assertThat(error.path()).isEqualTo("metadata.name");
            assertThat(error.message()).contains("not a DNS label");
        });
        assertThat(ClusterValidator.checkClusterName(" "))
                .hasValueSatisfying(error -> assertThat(error.message()).contains("missing"));
    }

    // --- engine, version, component ---

    @Test
    void missingSpecIsRefused() {
        DatabaseCluster cluster = new DatabaseCluster(
                DatabaseCluster.API_VERSION, DatabaseCluster.KIND, ObjectMeta.named("orders"), null, null);

        assertOnlyError(refused(cluster), "spec", "missing");
    }

    @Test
    void missingEngineIsRefusedWithTheKnownEngines() {
        assertOnlyError(
                refused(cluster(new ClusterSpec(null, null, null, null, null))),
                "spec.engine",
                "missing",
                "etcd, postgresql");
    }

    @Test
    void unknownEngineIsRefusedWithTheKnownEngines() {
        assertOnlyError(
                refused(cluster(new ClusterSpec("mysql", null, null, null, null))),
                "spec.engine",
                "unknown engine 'mysql'",
                "choose one of etcd, postgresql");
    }

    @Test
    void unknownVersionIsRefused() {
        assertOnlyError(
                refused(cluster(new ClusterSpec(POSTGRESQL, "14", null, null, null))),
                "spec.version",
                "unknown version '14' of postgresql",
                "choose one of 15");
    }

    @Test
    void unknownComponentIsRefused() {
        ClusterSpec spec = new ClusterSpec(
                POSTGRESQL, "15", Map.of("pgbouncer", new ComponentSpec(1, null, null, null)), null, null);

        assertOnlyError(
                refused(cluster(spec)),
                "spec.components.pgbouncer",
                "unknown component 'pgbouncer' of postgresql",
                "choose one of postgres, gateway");
    }

    // --- replicas ---

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 10})
    void replicasOutsideTheEngineBoundsAreRefused(int replicas) {
        assertOnlyError(
                refused(cluster(postgres(replicas))),
                "spec.components.postgres.replicas",
                replicas + " is out of range",
                "1 to 9 members");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 9})
    void replicasAtTheEngineBoundsAreAccepted(int replicas) {
        assertThat(validator
                        .validate(cluster(postgres(replicas)))
                        .spec()
                        .components()
                        .get(POSTGRES)
                        .replicas())
                .isEqualTo(replicas);
    }

    @Test
    void optionalComponentWithoutReplicasGetsItsOwnDefault() {
        Map<String, ComponentSpec> components = new LinkedHashMap<>();
        components.put(POSTGRES, new ComponentSpec(2, null, null, null));
        components.put(GATEWAY, new ComponentSpec(null, null, null, null));

        DatabaseCluster validated =
                validator.validate(cluster(new ClusterSpec(POSTGRESQL, null, components, null, null)));

        assertThat(validated.spec().components().get(POSTGRES).replicas()).isEqualTo(2);
        assertThat(validated.spec().components().get(GATEWAY).replicas()).isEqualTo(1);
    }

    // --- config ---

    @ParameterizedTest
    @ValueSource(strings = {"port", "listen_addresses", "data_directory", "hba_file", "primary_conninfo"})
    void settingsMarinaManagesAreRefused(String setting) {
        assertOnlyError(
                refused(cluster(postgresWithConfig(Map.of(setting, "x")))),
                "spec.components.postgres.config." + setting,
                "managed by Marina",
                "remove it");
    }

    @Test
    void managedSettingsAreRefusedWhateverTheirCase() {
        assertOnlyError(
                refused(cluster(postgresWithConfig(Map.of("Data_Directory", "/tmp/elsewhere")))),
                "spec.components.postgres.config.Data_Directory",
                "managed by Marina");
    }

    @Test
    void managedSettingsAreRefusedUnderATurkishDefaultLocale() {
        // In Turkish, "I".toLowerCase() is a dotless 'ı': "LISTEN_ADDRESSES" must still be recognised.
        Locale original = Locale.getDefault();
        Locale.setDefault(Locale.forLanguageTag("tr-TR"));
        try {
            assertOnlyError(
                    refused(cluster(postgresWithConfig(Map.of("LISTEN_ADDRESSES", "*")))),
                    "spec.components.postgres.config.LISTEN_ADDRESSES",
                    "managed by Marina");
        } finally {
            Locale.setDefault(original);
        }
    }

    @Test
    void settingValueWithANewlineIsRefused() {
        assertOnlyError(
                refused(cluster(postgresWithConfig(Map.of("work_mem", "4MB\nport = 1")))),
                "spec.components.postgres.config.work_mem",
                "must be on one line");
    }

    @Test
    void settingNameThatIsNotANameIsRefused() {
        assertOnlyError(
                refused(cluster(postgresWithConfig(Map.of("work mem", "4MB")))),
                "spec.components.postgres.config.work mem",
                "not a valid setting name");
    }

    @Test
    void settingWithoutAValueIsRefused() {
        Map<String, String> config = new HashMap<>();
        config.put("work_mem", null);

        assertOnlyError(
                refused(cluster(postgresWithConfig(config))), "spec.components.postgres.config.work_mem", "no value");
    }

    @Test
    void extensionSettingsWithADotAreAccepted() {
        Map<String, String> config = Map.of("pg_stat_statements.max", "10000");

        assertThat(validator
                        .validate(cluster(postgresWithConfig(config)))
                        .spec()
                        .components()
                        .get(POSTGRES)
                        .config())
                .isEqualTo(config);
    }

    // --- resources ---

    @Test
    void resourceThatIsNotAQuantityIsRefused() {
        ResourcesSpec resources = new ResourcesSpec(Map.of(), Map.of("memory", "1GB"));

        assertOnlyError(
                refused(cluster(postgresWithResources(resources))),
                "spec.components.postgres.resources.limits.memory",
                "'1GB' is not a quantity",
                "512Mi");
    }

    @Test
    void unknownResourceIsRefused() {
        ResourcesSpec resources = new ResourcesSpec(Map.of("gpu", "1"), Map.of());

        assertOnlyError(
                refused(cluster(postgresWithResources(resources))),
                "spec.components.postgres.resources.requests.gpu",
                "unknown resource",
                "cpu or memory");
    }

    @Test
    void requestAboveItsLimitIsRefused() {
        ResourcesSpec resources = new ResourcesSpec(Map.of("memory", "2Gi"), Map.of("memory", "1Gi"));

        assertOnlyError(
                refused(cluster(postgresWithResources(resources))),
                "spec.components.postgres.resources.requests.memory",
                "larger than limits.memory");
    }

    @Test
    void cpuRequestAboveItsLimitIsRefusedAcrossUnits() {
        ResourcesSpec resources = new ResourcesSpec(Map.of("cpu", "1500m"), Map.of("cpu", "1"));

        assertOnlyError(
                refused(cluster(postgresWithResources(resources))),
                "spec.components.postgres.resources.requests.cpu",
                "larger than limits.cpu");
    }

    @Test
    void requestUpToItsLimitIsAccepted() {
        ResourcesSpec resources =
                new ResourcesSpec(Map.of("cpu", "500m", "memory", "1024Mi"), Map.of("cpu", "1", "memory", "1Gi"));

        assertThat(validator
                        .validate(cluster(postgresWithResources(resources)))
                        .spec()
                        .components()
                        .get(POSTGRES)
                        .resources())
                .isEqualTo(resources);
    }

    // --- storage ---

    @Test
    void storageThatIsNotAQuantityIsRefused() {
        assertOnlyError(
                refused(cluster(postgresWithStorage("ten gigs"))),
                "spec.components.postgres.storage.size",
                "'ten gigs' is not a quantity");
    }

    @Test
    void storageTooSmallIsRefused() {
        assertOnlyError(
                refused(cluster(postgresWithStorage("1Mi"))),
                "spec.components.postgres.storage.size",
                "too small",
                "16Mi");
        assertThat(validator.validate(cluster(postgresWithStorage("16Mi")))).isNotNull();
    }

    // --- availability ---

    @Test
    void synchronousWithOneMemberIsRefused() {
        ClusterSpec spec = new ClusterSpec(
                POSTGRESQL,
                null,
                Map.of(POSTGRES, new ComponentSpec(1, null, null, null)),
                new AvailabilitySpec(true, null, null, null, null),
                null);

        assertOnlyError(
                refused(cluster(spec)),
                "spec.availability.synchronous",
                "at least 2 members",
                "spec.components.postgres.replicas");
    }

    @Test
    void synchronousWithTwoMembersOrTheDefaultIsAccepted() {
        ClusterSpec two = new ClusterSpec(
                POSTGRESQL,
                null,
                Map.of(POSTGRES, new ComponentSpec(2, null, null, null)),
                new AvailabilitySpec(true, null, null, null, null),
                null);
        ClusterSpec byDefault =
                new ClusterSpec(POSTGRESQL, null, null, new AvailabilitySpec(true, null, null, null, null), null);

        assertThat(validator.validate(cluster(two)).spec().availability())
                .isEqualTo(new AvailabilitySpec(true, "automatic", "250ms", 4, "16Mi"));
        assertThat(validator.validate(cluster(byDefault)).spec().availability().isSynchronous())
                .isTrue();
    }

    @Test
    void unknownFailoverModeIsRefused() {
        ClusterSpec spec = new ClusterSpec(
                POSTGRESQL, null, null, new AvailabilitySpec(null, "sometimes", null, null, null), null);

        assertOnlyError(
                refused(cluster(spec)),
                "spec.availability.failover",
                "unknown mode 'sometimes'",
                "automatic or manual");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "10ms | 4 | 16Mi | spec.availability.probeInterval | between 50ms and 60s",
                "2m | 4 | 16Mi | spec.availability.probeInterval | between 50ms and 60s",
                "soon | 4 | 16Mi | spec.availability.probeInterval | not a duration",
                "250ms | 0 | 16Mi | spec.availability.failureThreshold | between 1 and 100",
                "250ms | 101 | 16Mi | spec.availability.failureThreshold | between 1 and 100",
                "250ms | 4 | lots | spec.availability.maximumLagOnFailover | not a size"
            })
    void badProbingSettingsAreRefused(String interval, int threshold, String lag, String path, String message) {
        ClusterSpec spec = new ClusterSpec(
                POSTGRESQL, null, null, new AvailabilitySpec(null, null, interval, threshold, lag), null);

        assertOnlyError(refused(cluster(spec)), path, message);
    }

    @Test
    void probingSettingsAreReadBack() {
        AvailabilitySpec availability = validator
                .validate(cluster(new ClusterSpec(
                        POSTGRESQL, null, null, new AvailabilitySpec(null, null, "1s500ms", 2, "0"), null)))
                .spec()
                .availability();

        assertThat(availability.probeIntervalDuration()).isEqualTo(java.time.Duration.ofMillis(1500));
        assertThat(availability.failureThresholdOrDefault()).isEqualTo(2);
        assertThat(availability.maximumLagOnFailoverBytes()).isZero();
    }

    @Test
    void manualFailoverIsAccepted() {
        ClusterSpec spec =
                new ClusterSpec(POSTGRESQL, null, null, new AvailabilitySpec(null, "manual", null, null, null), null);

        assertThat(validator.validate(cluster(spec)).spec().availability().failover())
                .isEqualTo("manual");
    }

    @Test
    void everyErrorIsReportedAtOnce() {
        ClusterSpec spec = new ClusterSpec(
                POSTGRESQL,
                "14",
                Map.of(POSTGRES, new ComponentSpec(0, Map.of("port", "5433"), null, new StorageSpec("1Mi", null))),
                new AvailabilitySpec(null, "sometimes", null, null, null),
                null);

        assertThat(refused(cluster("Orders", spec)))
                .extracting(FieldError::path)
                .containsExactlyInAnyOrder(
                        "metadata.name",
                        "spec.version",
                        "spec.components.postgres.replicas",
                        "spec.components.postgres.config.port",
                        "spec.components.postgres.storage.size",
                        "spec.availability.failover");
    }

    // --- updates ---

    @Test
    void changingTheEngineOfAnExistingClusterIsRefused() {
        DatabaseCluster existing = validator.validate(cluster(postgres(3)));
        DatabaseCluster updated = cluster(new ClusterSpec("etcd", null, null, null, null));

        assertOnlyError(
                refusedUpdate(existing, updated),
                "spec.engine",
                "cannot change from 'postgresql' to 'etcd'",
                "create a new cluster");
    }

    @Test
    void shrinkingStorageIsRefused() {
        DatabaseCluster existing = validator.validate(cluster(postgresWithStorage("2Gi")));

        assertOnlyError(
                refusedUpdate(existing, cluster(postgresWithStorage("1Gi"))),
                "spec.components.postgres.storage.size",
                "cannot shrink from 2Gi to 1Gi",
                "can only grow");
    }

    @Test
    void growingStorageIsAccepted() {
        DatabaseCluster existing = validator.validate(cluster(postgresWithStorage("1Gi")));

        DatabaseCluster updated = validator.validateUpdate(existing, cluster(postgresWithStorage("2Gi")));

        assertThat(updated.spec().components().get(POSTGRES).storage().size()).isEqualTo("2Gi");
    }

    @Test
    void sameStorageWrittenInAnotherUnitIsAccepted() {
        DatabaseCluster existing = validator.validate(cluster(postgresWithStorage("1024Mi")));

        DatabaseCluster updated = validator.validateUpdate(existing, cluster(postgresWithStorage("1Gi")));

        assertThat(updated.spec().components().get(POSTGRES).storage().size()).isEqualTo("1Gi");
    }

    @Test
    void removingAPreviouslySetStorageSizeIsRefused() {
        DatabaseCluster existing = validator.validate(cluster(postgresWithStorage("1Gi")));

        assertOnlyError(
                refusedUpdate(existing, cluster(postgres(3))),
                "spec.components.postgres.storage.size",
                "cannot be removed once set (was 1Gi)");
    }

    @Test
    void removingAComponentIsRefused() {
        Map<String, ComponentSpec> withGateway = new LinkedHashMap<>();
        withGateway.put(POSTGRES, new ComponentSpec(3, null, null, null));
        withGateway.put(GATEWAY, new ComponentSpec(1, null, null, null));
        DatabaseCluster existing =
                validator.validate(cluster(new ClusterSpec(POSTGRESQL, null, withGateway, null, null)));

        assertOnlyError(
                refusedUpdate(existing, cluster(postgres(3))),
                "spec.components.gateway",
                "cannot remove a component",
                "set its replicas instead");
    }

    @Test
    void changingReplicasIsAccepted() {
        DatabaseCluster existing = validator.validate(cluster(postgresWithStorage("1Gi")));
        ComponentSpec scaledOut = new ComponentSpec(5, null, null, new StorageSpec("1Gi", null));
        ComponentSpec scaledIn = new ComponentSpec(1, null, null, new StorageSpec("1Gi", null));

        assertThat(validator
                        .validateUpdate(existing, cluster(scaledOut))
                        .spec()
                        .components()
                        .get(POSTGRES)
                        .replicas())
                .isEqualTo(5);
        assertThat(validator
                        .validateUpdate(existing, cluster(scaledIn))
                        .spec()
                        .components()
                        .get(POSTGRES)
                        .replicas())
                .isEqualTo(1);
    }

    @Test
    void updateIsAlsoCheckedByEveryRuleOfANewCluster() {
        DatabaseCluster existing = validator.validate(cluster(postgres(3)));

        assertOnlyError(
                refusedUpdate(existing, cluster(postgres(10))), "spec.components.postgres.replicas", "out of range");
    }

    // --- helpers ---

    private List<FieldError> refused(DatabaseCluster cluster) {
        try {
            validator.validate(cluster);
        } catch (InvalidDocumentException e) {
            return e.errors();
        }
        throw new AssertionError("expected the cluster to be refused: " + cluster);
    }

    private List<FieldError> refusedUpdate(DatabaseCluster existing, DatabaseCluster updated) {
        try {
            validator.validateUpdate(existing, updated);
        } catch (InvalidDocumentException e) {
            return e.errors();
        }
        throw new AssertionError("expected the update to be refused: " + updated);
    }

    private static void assertOnlyError(List<FieldError> errors, String path, String... messageParts) {
        assertThat(errors).singleElement().satisfies(error -> {
            assertThat(error.path()).isEqualTo(path);
            assertThat(error.message()).contains(messageParts);
        });
    }

    private static DatabaseCluster cluster(ComponentSpec postgres) {
        return cluster("orders", postgres);
    }

    private static DatabaseCluster cluster(String name, ComponentSpec postgres) {
        return cluster(name, spec(postgres));
    }

    private static DatabaseCluster cluster(ClusterSpec spec) {
        return cluster("orders", spec);
    }

    private static DatabaseCluster cluster(String name, ClusterSpec spec) {
        return DatabaseCluster.of(ObjectMeta.named(name), spec);
    }

    private static ClusterSpec spec(ComponentSpec postgres) {
        return new ClusterSpec(POSTGRESQL, "15", Map.of(POSTGRES, postgres), null, null);
    }

    private static ComponentSpec postgres(int replicas) {
        return new ComponentSpec(replicas, null, null, null);
    }

    private static ComponentSpec postgresWithConfig(Map<String, String> config) {
        return new ComponentSpec(3, config, null, null);
    }

    private static ComponentSpec postgresWithResources(ResourcesSpec resources) {
        return new ComponentSpec(3, null, resources, null);
    }

    private static ComponentSpec postgresWithStorage(String size) {
        return new ComponentSpec(3, null, null, new StorageSpec(size, null));
    }

    /** The PostgreSQL test engine with a second, newer version. */
    private static EngineCatalog catalogWithVersions15And16() {
        EngineDescription postgresql = TestEngines.postgresql();
        return EngineCatalog.of(
                List.of(new EngineDescription(postgresql.name(), List.of("15", "16"), postgresql.components())));
    }
}
