package io.infer4j.internal;

import io.infer4j.InferenceException;
import io.infer4j.InvalidConfigurationException;
import io.infer4j.spi.Backend;
import io.infer4j.spi.BackendConfig;
import io.infer4j.spi.BackendProvider;
import io.infer4j.spi.CompositeBackendProvider;
import io.infer4j.spi.Settings;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns configuration into backends: {@code infer4j.backend} names an instance; an instance is
 * either configured ({@code infer4j.backends.<name>.type=<provider>}) or, without a type key, the
 * provider of the same name. Providers come from {@link ServiceLoader}. Not API.
 */
public final class BackendResolver {

  public static final String BACKEND_KEY = "infer4j.backend";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");
  private static final Pattern TYPE_KEY = Pattern.compile("infer4j\\.backends\\.([^.]+)\\.type");
  private static final Pattern GLOBAL_ONE_SEGMENT = Pattern.compile("infer4j\\.[^.]+");
  private static final System.Logger UNREAD_LOG =
      System.getLogger(BackendConfig.UNREAD_KEYS_LOGGER);

  private final Settings settings;
  private final Map<String, BackendProvider> providers;
  /** Providers that failed to load (e.g. compiled for a newer Java), reported only when needed. */
  private final java.util.List<String> unloadable = new java.util.ArrayList<>();

  /** The key that chooses listener providers by name; {@code none} for none; unset: every one found. */
  public static final String LISTENERS_KEY = "infer4j.listeners";

  private final java.util.List<io.infer4j.InferenceListener.Factory> listeners;

  public BackendResolver(Settings settings, ClassLoader loader) {
    this.settings = settings;
    this.providers = loadProviders(loader);
    this.listeners = loadListeners(loader);
  }

  /**
   * The listener factories of the {@link io.infer4j.spi.ListenerProvider}s found, those {@code
   * infer4j.listeners} names (in its order) when set.
   *
   * @throws InvalidConfigurationException naming the key when it names a provider not found
   */
  private java.util.List<io.infer4j.InferenceListener.Factory> loadListeners(ClassLoader loader) {
    Map<String, io.infer4j.spi.ListenerProvider> found = new TreeMap<>();
    java.util.Iterator<io.infer4j.spi.ListenerProvider> it =
        ServiceLoader.load(io.infer4j.spi.ListenerProvider.class, loader).iterator();
    while (true) {
      try {
        if (!it.hasNext()) {
          break;
        }
        io.infer4j.spi.ListenerProvider p = it.next();
        found.putIfAbsent(p.name(), p);
      } catch (java.util.ServiceConfigurationError | LinkageError e) {
        unloadable.add(String.valueOf(e.getMessage())); // a broken listener must not stop clients
      }
    }
    java.util.Optional<String> chosen = settings.get(LISTENERS_KEY).map(String::trim);
    java.util.List<String> names;
    if (chosen.isEmpty()) {
      names = new java.util.ArrayList<>(found.keySet());
    } else if (chosen.get().isEmpty() || chosen.get().equalsIgnoreCase("none")) {
      names = java.util.List.of();
    } else {
      names = java.util.Arrays.stream(chosen.get().split(",")).map(String::trim).toList();
    }
    java.util.List<io.infer4j.InferenceListener.Factory> out = new java.util.ArrayList<>();
    for (String n : names) {
      io.infer4j.spi.ListenerProvider p = found.get(n);
      if (p == null) {
        throw new InvalidConfigurationException(LISTENERS_KEY, chosen.orElse(""),
            "no listener provider named '" + n + "'; found: " + found.keySet() + " (or none)");
      }
      out.add(p.factory(settings));
    }
    return out;
  }

  private Map<String, BackendProvider> loadProviders(ClassLoader loader) {
    Map<String, BackendProvider> found = new TreeMap<>();
    java.util.Iterator<BackendProvider> it = ServiceLoader.load(BackendProvider.class, loader).iterator();
    while (true) {
      BackendProvider p;
      try {
        if (!it.hasNext()) {
          break;
        }
        p = it.next();
      } catch (java.util.ServiceConfigurationError | LinkageError e) {
        // One broken provider (a class compiled for Java 25 on a Java 17 app, a missing
        // dependency) must not take the others down.
        unloadable.add(String.valueOf(e.getMessage()));
        continue;
      }
      BackendProvider previous = found.putIfAbsent(p.name(), p);
      if (previous != null && previous.getClass() != p.getClass()) {
        throw new InvalidConfigurationException(
            BACKEND_KEY, p.name(), "two providers claim this name: "
                + previous.getClass().getName() + " and " + p.getClass().getName());
      }
    }
    return found;
  }

  /**
   * Whether {@code name} can name a backend instance: letters, digits, '-' and '_', starting with
   * a letter or digit.
   */
  public static boolean isValidName(String name) {
    return NAME.matcher(name).matches();
  }

  /** Provider type names found on the class path, sorted. */
  public java.util.Set<String> providerNames() {
    return providers.keySet();
  }

  /**
   * The client named by {@code infer4j.backend}, filling unset budget parts from {@code
   * infer4j.latency-budget.*} ({@link DefaultBudget}).
   */
  public BackendClient defaultClient() {
    DefaultBudget budget = DefaultBudget.from(settings); // before any backend is made
    String name = settings.get(BACKEND_KEY).map(String::trim).filter(s -> !s.isEmpty())
        .orElseThrow(() -> new InvalidConfigurationException(
            BACKEND_KEY, null, "no backend chosen; available backends: " + describeAvailable()
                + describeUnknownGlobal() + describeUnreadSource()));
    return listened(name, budget, resolve(name, BACKEND_KEY));
  }

  /**
   * The client of a named instance, asked for by name in code ({@code
   * InferenceClients.fromConfig(name)}, CDI's {@code @Backend(name)}): no key names it, so an
   * unknown name is blamed on the key that would configure it, {@code infer4j.backends.<name>.type}.
   */
  public BackendClient client(String instanceName) {
    DefaultBudget budget = DefaultBudget.from(settings); // before any backend is made
    return listened(instanceName, budget, resolve(instanceName, null));
  }

  private BackendClient listened(String name, DefaultBudget budget, Backend backend) {
    return new BackendClient(name, backend, System::nanoTime, java.time.Clock.systemUTC(), listeners)
        .withDefaultBudget(budget);
  }

  /**
   * The client of one provider type with per-instance settings given directly (no other source):
   * the instance is named after the type.
   */
  public static BackendClient ofType(String type, Map<String, String> perInstance, ClassLoader loader) {
    java.util.Map<String, String> full = new java.util.HashMap<>();
    perInstance.forEach((k, v) -> full.put(BackendConfig.BACKENDS_PREFIX + type + "." + k, v));
    full.put(BackendConfig.BACKENDS_PREFIX + type + ".type", type);
    return new BackendResolver(Settings.of(full), loader).client(type);
  }

  /**
   * @param referencedBy the key whose value named {@code instance}, or {@code null} when code
   *     named it
   */
  private Resolution.Made createBackend(
      String instance, String referencedBy, Resolution resolution) {
    Deque<String> creating = resolution.creating;
    if (!isValidName(instance)) {
      String problem = "not a valid backend name (letters, digits, '-' and '_')";
      // Named by code (fromConfig(name), @Backend(name)): no key holds it, so name the name.
      throw referencedBy != null ? badName(instance, referencedBy, problem)
          : new InvalidConfigurationException("backend name", "'" + instance + "'", problem);
    }
    if (creating.contains(instance)) {
      throw badName(instance, referencedBy, "backend refers to itself: "
          + String.join(" -> ", creating) + " -> " + instance);
    }
    String typeKey = typeKey(instance);
    String type = settings.get(typeKey).map(String::trim).filter(s -> !s.isEmpty()).orElse(null);
    BackendProvider provider;
    if (type == null) {
      provider = providers.get(instance);
      if (provider == null) {
        throw badName(instance, referencedBy, "no backend named '" + instance
            + "'; available backends: " + describeAvailable() + describeModule(instance)
            + describeUnloadable() + describeUnreadSource());
      }
      type = instance;
    } else {
      provider = providers.get(type);
      if (provider == null) {
        throw new InvalidConfigurationException(
            typeKey, type, "no backend provider of type '" + type + "' on the class path"
                + "; available backends: " + describeAvailable() + describeModule(type)
                + describeUnloadable());
      }
    }
    creating.push(instance);
    try {
      BackendConfig config = BackendConfig.of(instance, type, key -> {
        resolution.read.add(key);
        return settings.get(key);
      });
      Backend backend;
      if (provider instanceof CompositeBackendProvider composite) {
        backend = composite.create(config, (member, listedBy) -> createBackend(
            member, listedBy != null ? listedBy : BackendConfig.BACKENDS_PREFIX + instance,
            resolution).backend());
      } else {
        backend = provider.create(config);
      }
      if (backend == null) {
        throw new InvalidConfigurationException(
            typeKey, type, "provider " + provider.getClass().getName() + " returned no backend");
      }
      Resolution.Made made = new Resolution.Made(instance, type, backend);
      resolution.made.add(made);
      return made;
    } catch (InferenceException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new InvalidConfigurationException(
          BackendConfig.BACKENDS_PREFIX + instance, type,
          "backend could not be created: " + e, e);
    } finally {
      creating.pop();
    }
  }

  /**
   * One request for a client: the instances being created (to catch cycles), those made, and
   * every key any of them read while being created (a router reads its members' keys too).
   */
  private static final class Resolution {
    final Deque<String> creating = new ArrayDeque<>();
    final java.util.List<Made> made = new java.util.ArrayList<>();
    // a provider may read settings on threads of its own (a router probing its members)
    final java.util.Set<String> read = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** An instance created, of provider type {@code type}. */
    record Made(String instance, String type, Backend backend) {}
  }

  /**
   * The backend of {@code instance} (named by the key {@code referencedBy}, or by code), with the
   * instances it is made of; then each instance made is checked for keys nobody read ({@link
   * #warnUnread}).
   */
  private Backend resolve(String instance, String referencedBy) {
    Resolution resolution = new Resolution();
    Backend backend = createBackend(instance, referencedBy, resolution).backend();
    for (Resolution.Made made : resolution.made) {
      warnUnread(made.instance(), made.type(), resolution.read);
    }
    warnUnknownGlobal();
    return backend;
  }

  /** The keys of one segment under {@code infer4j.} that infer4j reads. */
  private static final java.util.List<String> GLOBAL_KEYS =
      java.util.List.of(BACKEND_KEY, BackendConfig.MODEL_KEY, LISTENERS_KEY);

  /**
   * Warns of each key of one segment under {@code infer4j.} (as {@code infer4j.backend} is) that
   * is none of {@link #GLOBAL_KEYS}, and of each under {@code infer4j.latency-budget.} that is
   * none of {@link DefaultBudget#KEYS}: a misspelt {@code infer4j.bakend} would otherwise be
   * ignored without a word. Other keys of more segments belong to a backend, the router or a
   * module's own settings, and are left alone.
   */
  private void warnUnknownGlobal() {
    for (String key : new TreeSet<>(settings.keys())) {
      if (fromEnvironment(key)) {
        continue;
      }
      if (GLOBAL_ONE_SEGMENT.matcher(key).matches() && !GLOBAL_KEYS.contains(key)) {
        UNREAD_LOG.log(System.Logger.Level.WARNING, "{0} is not a key infer4j reads: misspelt?"
            + " Its keys of that form: {1}; a backend''s own go under {2}NAME.", key,
            String.join(", ", GLOBAL_KEYS), BackendConfig.BACKENDS_PREFIX);
      } else if (key.startsWith(DefaultBudget.PREFIX) && !DefaultBudget.KEYS.contains(key)) {
        UNREAD_LOG.log(System.Logger.Level.WARNING, "{0} is not a key infer4j reads: misspelt?"
            + " The default budget''s keys: {1}.", key, String.join(", ", DefaultBudget.KEYS));
      }
    }
  }

  /**
   * Warns of each key under {@code instance}'s prefix that no backend read while this client's
   * backends were created ({@code read}: the full keys they asked for): a misspelt key, or one its
   * type has no use for, would otherwise be ignored without a word. One line per key, on {@link
   * BackendConfig#UNREAD_KEYS_LOGGER}, with the instance's keys that were read; never a value.
   */
  private void warnUnread(String instance, String type, java.util.Set<String> read) {
    String prefix = BackendConfig.BACKENDS_PREFIX + instance + ".";
    TreeSet<String> unread = new TreeSet<>();
    for (String key : settings.keys()) {
      if (key.startsWith(prefix) && !read.contains(key) && !key.equals(typeKey(instance))
          && !fromEnvironment(key)) {
        unread.add(key);
      }
    }
    if (unread.isEmpty()) {
      return;
    }
    TreeSet<String> known = new TreeSet<>();
    for (String key : read) {
      if (key.startsWith(prefix)) {
        known.add(key.substring(prefix.length()));
      }
    }
    for (String key : unread) {
      UNREAD_LOG.log(System.Logger.Level.WARNING, "{0} was not read when backend ''{1}'' (type"
          + " {2}) was created: misspelt, or not a setting of this type? Settings it read: {3}",
          key, instance, type, known.isEmpty() ? "none" : String.join(", ", known));
    }
  }

  /**
   * Whether the environment gives {@code key}: its names there are mapped, not spelt as keys
   * ({@link MicroProfileSettings#fromEnvironment}), so the warnings of unread keys skip it.
   */
  private boolean fromEnvironment(String key) {
    return settings instanceof MicroProfileSettings mp && mp.fromEnvironment(key);
  }

  private static String typeKey(String instance) {
    return BackendConfig.BACKENDS_PREFIX + instance + ".type";
  }

  /**
   * An error about the name {@code instance}: on the key whose value it is, or, when code named
   * it, on its type key, which is then not set (a set type key would have made it known).
   */
  private static InvalidConfigurationException badName(
      String instance, String referencedBy, String problem) {
    return referencedBy != null
        ? new InvalidConfigurationException(referencedBy, instance, problem)
        : new InvalidConfigurationException(typeKey(instance), null, problem);
  }

  /** A configuration file the settings do not read (its keys may be what is missing), or "". */
  private String describeUnreadSource() {
    return settings.unreadSourceNote().map(note -> "; " + note).orElse("");
  }

  /** The artifacts of infer4j's own providers, by provider name. */
  private static final Map<String, String> ARTIFACTS = Map.of(
      "lpu", "infer4j-backend-lpu", "gpu", "infer4j-backend-gpu",
      "remote", "infer4j-backend-remote", "fake", "infer4j-sdk-testing",
      "record", "infer4j-sdk-testing", "replay", "infer4j-sdk-testing");

  /**
   * "; 'lpu' is provided by io.infer4j:infer4j-backend-lpu: add that dependency ..." when {@code
   * name} is one of infer4j's own providers (not on the class path, or it would have been found),
   * else "".
   */
  private static String describeModule(String name) {
    String artifact = ARTIFACTS.get(name);
    return artifact == null ? "" : "; '" + name + "' is provided by io.infer4j:" + artifact
        + ": add that dependency (class path or module path)";
  }

  /**
   * "; infer4j.bakend is set, which infer4j does not read: misspelt?" for each key of one segment
   * under {@code infer4j.} that infer4j does not read, for the error of a backend not chosen, which
   * comes before the warnings of such keys ({@link #warnUnknownGlobal}) could; else "".
   */
  private String describeUnknownGlobal() {
    StringBuilder out = new StringBuilder();
    for (String key : new TreeSet<>(settings.keys())) {
      if (GLOBAL_ONE_SEGMENT.matcher(key).matches() && !GLOBAL_KEYS.contains(key)
          && !fromEnvironment(key)) {
        out.append("; ").append(key).append(" is set, which infer4j does not read: misspelt?");
      }
    }
    return out.toString();
  }

  private String describeUnloadable() {
    return unloadable.isEmpty() ? "" : "; providers that failed to load: " + String.join("; ", unloadable);
  }

  /** "fake, lpu (providers); sim (lpu), groq (remote) (configured)", for error messages. */
  public String describeAvailable() {
    TreeSet<String> configured = new TreeSet<>();
    for (String key : settings.keys()) {
      Matcher m = TYPE_KEY.matcher(key);
      if (m.matches()) {
        String type = settings.get(key).orElse("?");
        configured.add(m.group(1) + " (type " + type + ")");
      }
    }
    String list = providers.isEmpty()
        ? "none (add a backend module, e.g. infer4j-sdk-testing for 'fake')"
        : String.join(", ", providers.keySet());
    return configured.isEmpty() ? list : list + "; configured instances: " + String.join(", ", configured);
  }
}
