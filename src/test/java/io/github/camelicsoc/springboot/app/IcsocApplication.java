package io.github.camelicsoc.springboot.app;

import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.spi.StateRepository;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot application as a user writes one: camel-spring-boot-starter on the class path, the icsoc settings in
 * application.properties, the routes in YAML files on the class path. Its two beans are what the properties refer to
 * with #beanName.
 */
@SpringBootApplication
public class IcsocApplication {

    /** Where the records consumer keeps its watermark (camel.component.icsoc.state-repository=#recordsWatermark). */
    @Bean
    StateRepository<String, String> recordsWatermark() {
        return new MemoryStateRepository();
    }

    /** The keys of delivered records (camel.component.icsoc.idempotent-repository=#deliveredRecords). */
    @Bean
    IdempotentRepository deliveredRecords() {
        return MemoryIdempotentRepository.memoryIdempotentRepository(1000);
    }
}
