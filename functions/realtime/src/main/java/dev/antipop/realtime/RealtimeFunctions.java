package dev.antipop.realtime;

import org.springframework.boot.SpringBootConfiguration;

/** Start class of the realtime function jar (placeholder until the realtime slice lands). */
@SpringBootConfiguration
public class RealtimeFunctions {}
