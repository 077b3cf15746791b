package dev.antipop.identity;

import org.springframework.boot.SpringBootConfiguration;

/** Start class of the identity function jar (placeholder until the identity slice lands). */
@SpringBootConfiguration
public class IdentityFunctions {}
