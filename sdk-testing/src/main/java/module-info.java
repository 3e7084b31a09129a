/**
 * infer4j's test kit: a scripted fake backend, a JUnit 5 extension that installs it, and
 * record/replay of any backend's answers in cassette files. Depend on {@code
 * io.infer4j:infer4j-sdk-testing} with scope {@code test}.
 */
module io.infer4j.testing {
  requires transitive io.infer4j.api;
  requires transitive org.junit.jupiter.api;
  requires org.junit.platform.commons;
  requires com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.datatype.jdk8;

  exports io.infer4j.testing;
  // Cassettes are read and written by Jackson's data binding.
  opens io.infer4j.testing.internal to com.fasterxml.jackson.databind;

  provides io.infer4j.spi.BackendProvider with
      io.infer4j.testing.internal.FakeProvider,
      io.infer4j.testing.internal.RecordProvider,
      io.infer4j.testing.internal.ReplayProvider;
}
