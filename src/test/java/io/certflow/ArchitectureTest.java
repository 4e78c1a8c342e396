package io.certflow;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

class ArchitectureTest {

    private static final JavaClasses CERTFLOW = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.certflow");

    @Test
    void onlyTheWorkflowAndConfigurationPackagesKnowCamundaSoAMoveToAForkStaysARename() {
        ArchRule rule = noClasses()
                .that().resideInAPackage("io.certflow..")
                .and().resideOutsideOfPackages("io.certflow.workflow..", "io.certflow.config..")
                .should().dependOnClassesThat().resideInAPackage("org.camunda..")
                .because("the engine is reached through ports such as IssuanceWorkflow and IdentityDirectory, "
                        + "so that replacing Camunda 7 by a fork only touches workflow and config");

        rule.check(CERTFLOW);
    }

    @Test
    void webControllersGoThroughServicesNeverStraightToStores() {
        ArchRule rule = noClasses()
                .that().resideInAPackage("io.certflow.web..")
                .should().accessClassesThat().haveSimpleNameEndingWith("Store")
                .orShould().dependOnClassesThat().haveSimpleNameEndingWith("Store")
                .because("services check the tenant and the rules before anything is read or written");

        rule.check(CERTFLOW);
    }

    @Test
    void nothingButTheWebLayerDependsOnTheWebLayer() {
        ArchRule rule = noClasses()
                .that().resideInAPackage("io.certflow..")
                .and().resideOutsideOfPackage("io.certflow.web..")
                .should().dependOnClassesThat().resideInAPackage("io.certflow.web..")
                .because("HTTP is one way in among several (the workflow engine, tasks); the core must not know it");

        rule.check(CERTFLOW);
    }

    @Test
    void noTwoTopLevelPackagesDependOnEachOther() {
        ArchRule rule = slices().matching("io.certflow.(*)..").should().beFreeOfCycles()
                .because("shared pieces go down into crypto and error, use cases go up into issuance; "
                        + "a cycle means two features can only be understood, tested and changed together");

        rule.check(CERTFLOW);
    }
}
