package io.mig.migd;

/** The version of this build, from the jar manifest when there is one. */
final class Version {
    private Version() {
    }

    static String current() {
        String version = Migd.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
