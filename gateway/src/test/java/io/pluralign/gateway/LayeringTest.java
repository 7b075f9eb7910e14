package io.pluralign.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The gateway's package rules (STYLE.md): domain logic free of HTTP, SQL and Spring; no service-side code. */
class LayeringTest {
    private static final JavaClasses GATEWAY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.pluralign.gateway");

    @Test
    void domainDependsOnlyOnTheJdkAndContracts() {
        classes()
                .that()
                .resideInAPackage("..gateway.domain..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "io.pluralign.gateway.domain..", "io.pluralign.contracts..")
                .check(GATEWAY);
    }

    @Test
    void storeAndApiStayInTheirLanes() {
        noClasses()
                .that()
                .resideInAPackage("..gateway.store..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("..gateway.web..", "..gateway.api..", "..gateway.config..")
                .check(GATEWAY);
        noClasses()
                .that()
                .resideInAnyPackage("..gateway.api..", "..gateway.web..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("..gateway.store..")
                .check(GATEWAY);
    }

    @Test
    void gatewayNeverUsesTheServiceSideTrustCode() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.pluralign.servicekit..")
                .check(GATEWAY);
    }
}
