package io.pluralign.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The module layering of DESIGN.md, checked on the compiled classes of every module. */
class LayeringTest {
    private static final String[] SERVICES = {
        "io.pluralign.gateway..",
        "io.pluralign.profile..",
        "io.pluralign.steering..",
        "io.pluralign.reward..",
        "io.pluralign.trainer.."
    };
    private static JavaClasses classes;

    @BeforeAll
    static void importAll() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.pluralign");
    }

    @Test
    void onlyTheInferenceEngineUsesDjl() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.pluralign.engine..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("ai.djl..")
                .because("only libs/inference-engine may touch DJL")
                .check(classes);
    }

    @Test
    void servicesNeverUseEachOthersCode() {
        for (String service : SERVICES) {
            String[] others =
                    Arrays.stream(SERVICES).filter(s -> !s.equals(service)).toArray(String[]::new);
            noClasses()
                    .that()
                    .resideInAPackage(service)
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(others)
                    .because("services talk over REST and Kafka only")
                    .check(classes);
        }
    }

    @Test
    void alignmentCoreDependsOnNothingButTheJdk() {
        noClasses()
                .that()
                .resideInAPackage("io.pluralign.alignment..")
                .should()
                .dependOnClassesThat()
                .resideOutsideOfPackages("io.pluralign.alignment..", "java..")
                .because("alignment-core is pure Java: no other module of ours, no framework")
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void librariesNeverDependOnServicesOrTheLauncher() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "io.pluralign.alignment..",
                        "io.pluralign.engine..",
                        "io.pluralign.contracts..",
                        "io.pluralign.outbox..",
                        "io.pluralign.servicekit..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(concat(SERVICES, "io.pluralign.infra.."))
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void contractsStayFrameworkFree() {
        noClasses()
                .that()
                .resideInAPackage("io.pluralign.contracts..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework..", "org.apache.kafka..", "ai.djl..")
                .because("every service and the launcher share the contracts")
                .check(classes);
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = new String[first.length + more.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
