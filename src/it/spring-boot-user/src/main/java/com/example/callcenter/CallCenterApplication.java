package com.example.callcenter;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A call-center application: places calls for the CRM, and hands each call record on. */
@SpringBootApplication
public class CallCenterApplication {

    public static void main(String[] args) {
        SpringApplication.run(CallCenterApplication.class, args);
    }
}
