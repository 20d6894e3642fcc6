package io.github.camelicsoc.publish;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.LinkedHashSet;
import java.util.Set;

import org.apache.camel.catalog.CamelCatalog;
import org.apache.camel.catalog.DefaultCamelCatalog;
import org.apache.camel.catalog.EndpointValidationResult;
import org.apache.camel.catalog.maven.DefaultMavenArtifactProvider;
import org.apache.camel.tooling.model.ComponentModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged jar added to Camel's catalog the way camel-catalog-maven adds a downloaded artifact: its
 * {@code DefaultMavenArtifactProvider} opens a class loader on the jar and scans it for
 * {@code META-INF/services/org/apache/camel/component.properties}, the component's class and its JSON. Only the
 * download is left out (the jar is this build's, not one from a repository).
 */
class CatalogIT {

    private static final CamelCatalog CATALOG = new DefaultCamelCatalog();
    private static Set<String> added;

    /** camel-catalog-maven's provider, fed the built jar instead of a downloaded one. */
    static final class BuiltJarProvider extends DefaultMavenArtifactProvider {
        Set<String> addJar(CamelCatalog catalog, URL jar) throws Exception {
            Set<String> names = new LinkedHashSet<>();
            try (URLClassLoader loader = new URLClassLoader(new URL[] { jar }, null)) {
                scanCamelComponents(catalog, loader, names);
            }
            return names;
        }
    }

    @BeforeAll
    static void addTheBuiltJar() throws Exception {
        assertFalse(CATALOG.findComponentNames().contains("icsoc"), "Camel's own catalog does not know icsoc");
        added = new BuiltJarProvider().addJar(CATALOG, BuiltJars.jar("").toUri().toURL());
    }

    @Test
    void theCatalogFindsTheComponentWithItsOptionsAndHeaders() {
        assertEquals(Set.of("icsoc"), added);
        assertTrue(CATALOG.findComponentNames().contains("icsoc"));
        ComponentModel model = CATALOG.componentModel("icsoc");
        assertEquals("io.github.camelicsoc.IcsocComponent", model.getJavaType());
        assertEquals("camel-icsoc", model.getArtifactId());
        assertEquals(BuiltJars.version(), model.getVersion());
        assertTrue(model.getEndpointOptions().stream().anyMatch(o -> o.getName().equals("mode")));
        assertTrue(model.getEndpointOptions().stream().anyMatch(o -> o.getName().equals("secret") && o.isSecret()));
        assertTrue(model.getEndpointHeaders().stream().anyMatch(h -> h.getName().equals("CamelIcsocCallId")));
    }

    @Test
    void aGoodUriPasses() {
        EndpointValidationResult call = CATALOG.validateEndpointProperties(
                "icsoc:call?mode=axb&caller=13800138000&displayCalled=17100001111&requestTimeout=30000");
        assertTrue(call.isSuccess(), call.summaryErrorMessage(false));
        EndpointValidationResult records = CATALOG.validateEndpointProperties("icsoc:records?type=400&delay=60000");
        assertTrue(records.isSuccess(), records.summaryErrorMessage(false));
    }

    @Test
    void anUnknownOptionIsFlagged() {
        EndpointValidationResult result = CATALOG.validateEndpointProperties("icsoc:call?caler=13800138000");
        assertFalse(result.isSuccess());
        assertTrue(result.getUnknown().contains("caler"), result.summaryErrorMessage(false));
    }

    @Test
    void aModeOutsideItsEnumIsFlagged() {
        EndpointValidationResult result = CATALOG.validateEndpointProperties("icsoc:call?mode=conference");
        assertFalse(result.isSuccess());
        assertTrue(result.getInvalidEnum().containsKey("mode"), result.summaryErrorMessage(false));
        EndpointValidationResult type = CATALOG.validateEndpointProperties("icsoc:records?type=900");
        assertTrue(type.getInvalidEnum().containsKey("type"), type.summaryErrorMessage(false));
    }
}
