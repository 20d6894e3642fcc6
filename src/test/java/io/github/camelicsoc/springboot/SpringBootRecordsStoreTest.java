package io.github.camelicsoc.springboot;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.camelicsoc.IcsocComponent;
import io.github.camelicsoc.sim.IcsocSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.spi.PropertyConfigurerGetter;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import static io.github.camelicsoc.springboot.IcsocApplications.start;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * camel.component.icsoc.records-store=jdbc in a Spring Boot application with a DataSource keeps the records
 * consumer's watermark and delivered keys in that database with no further code: a restarted application delivers
 * nothing again, and then only what is new.
 * <p>
 * Needs the recordsStore and dataSource options of the durable records store; until the component has them, the test
 * is skipped (it names the reason).
 */
class SpringBootRecordsStoreTest {

    private final IcsocSimulator sim = IcsocSimulator.start();

    @AfterEach
    void stopSimulator() {
        sim.close();
    }

    @Test
    void recordsStoreJdbcKeepsTheConsumersStateInTheApplicationsDataSourceAcrossARestart() {
        assumeTrue(ComponentCatalog.componentOptions().containsKey(ComponentPropertiesCustomizer.RECORDS_STORE),
                "the component has no recordsStore option yet (the durable records store adds it)");
        assumeTrue(ComponentCatalog.componentOptions().containsKey(ComponentPropertiesCustomizer.DATA_SOURCE),
                "the component has no dataSource option yet (the durable records store adds it)");
        JdbcDataSource database = new JdbcDataSource();
        database.setURL("jdbc:h2:mem:spring-records-store-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        sim.addInboundRecords(5, sim.now().minusMinutes(30), Duration.ofMinutes(10));

        try (ConfigurableApplicationContext first = startWith(database)) {
            MockEndpoint records = first.getBean(CamelContext.class).getEndpoint("mock:inbound-records", MockEndpoint.class);
            await("the five records").atMost(Duration.ofSeconds(30)).until(() -> records.getReceivedCounter() == 5);
            IcsocComponent component = first.getBean(CamelContext.class).getComponent("icsoc", IcsocComponent.class);
            Object dataSource = ((PropertyConfigurerGetter) component.getComponentPropertyConfigurer())
                    .getOptionValue(component, ComponentPropertiesCustomizer.DATA_SOURCE, true);
            assertSame(database, dataSource, "the application's DataSource was handed to the component");
        }

        try (ConfigurableApplicationContext restarted = startWith(database)) {
            MockEndpoint records = restarted.getBean(CamelContext.class)
                    .getEndpoint("mock:inbound-records", MockEndpoint.class);
            int queriesBefore = sim.queries().size();
            await("several polls after the restart").atMost(Duration.ofSeconds(30))
                    .until(() -> sim.queries().size() >= queriesBefore + 3);
            assertEquals(0, records.getReceivedCounter(), "records delivered before the restart came again");

            sim.addInboundRecords(1, sim.now().minusMinutes(5), Duration.ofSeconds(1));
            await("the new record").atMost(Duration.ofSeconds(30)).until(() -> records.getReceivedCounter() == 1);
        }
    }

    private ConfigurableApplicationContext startWith(JdbcDataSource database) {
        Map<String, Object> beans = new LinkedHashMap<>();
        beans.put("applicationDatabase", database);
        beans.put("inboundRecordsRoute", new RouteBuilder() {
            @Override
            public void configure() {
                from("icsoc:records?type=400&delay=200").to("mock:inbound-records");
            }
        });
        return start(beans,
                "camel.component.icsoc.base-url=" + sim.baseUrl(),
                "camel.component.icsoc.vcc-code=" + IcsocSimulator.VCC_CODE,
                "camel.component.icsoc.secret=" + IcsocSimulator.SECRET,
                "camel.component.icsoc.records-store=jdbc",
                "camel.component.icsoc.start-time=1h",
                "camel.component.icsoc.settle=0s");
    }
}
