/* A library a test plugin depends on (DT_NEEDED), for the plugin trust
 * tests: loading it is harmless, but where it is found from is checked. */
int trust_dependency_value(void) { return 19; }
