package dev.entangle;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaPackage;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shape of the library, checked on its compiled classes so that a change that breaks it fails the build: the
 * machinery never reaches back into the API, its packages form layers without cycles, each has its package
 * documentation, and the public types of {@code dev.entangle} are the API and nothing more.
 */
@Timeout(120)
class ArchitectureTest
{
    private static final String API = "dev.entangle";
    private static final String INTERNAL = "dev.entangle.internal";
    private static final String OLD_CODEC = "dev.entangle.codec";
    private static final String INTERNAL_CODEC = "dev.entangle.internal.codec";

    /**
     * Every public type that {@code dev.entangle} may have: those the API contract lists (some of which may not be
     * written yet), and the settings and diagnostics types beside them.
     */
    private static final Set<String> PUBLIC_API_ALLOWED = Set.of(
        "Context", "Context$Builder", "MessageChannel", "MessagePort", "MessageEvent", "MessageListener",
        "WindowProxy", "Transferable", "DataCloneException", "Worker", "WorkerMain", "WorkerScope", "WorkerOptions",
        "ArrayBuffer", "SharedArrayBuffer", "Remote", "Remote$Exposed", "RemoteException", "BroadcastChannel",
        "Configuration", "JvmFlags", "Settings", "Settings$Source", "Settings$Entry", "MessageErrorException",
        "BytesListener");

    /** The part of that contract that the library has always had: each of these must be public. */
    private static final Set<String> PUBLIC_API_REQUIRED = Set.of(
        "Context", "Context$Builder", "MessageChannel", "MessagePort", "MessageEvent", "MessageListener",
        "WindowProxy", "Transferable", "DataCloneException", "Worker", "WorkerMain", "WorkerScope", "WorkerOptions");

    /** What the codec used of the API before it moved under internal; once moved it may use nothing of it. */
    private static final Set<String> OLD_CODEC_API_USES = Set.of(
        "dev.entangle.DataCloneException", "dev.entangle.MessagePort", "dev.entangle.Transferable");

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses()
    {
        classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages(API);
    }

    @Test
    void noInternalClassDependsOnTheApiPackage()
    {
        noClasses().that().resideInAPackage(INTERNAL + "..")
            .should().dependOnClassesThat().resideInAPackage(API)
            .because("the machinery serves the API and must not reach back into it")
            .check(classes);
    }

    @Test
    void theCodecDependsOnNoApiTypeOnceItIsInternalAndOnNoNewOneBefore()
    {
        // The codec is moving from dev.entangle.codec to dev.entangle.internal.codec, leaving the API types it
        // used behind. Whichever package holds it is checked: the old one may keep what it used, and no more.
        final boolean moved = classes.containPackage(INTERNAL_CODEC);
        final String codec = moved ? INTERNAL_CODEC : OLD_CODEC;
        final Set<String> allowed = moved ? Set.of() : OLD_CODEC_API_USES;
        final DescribedPredicate<JavaClass> apiType = resideInAPackage(API).and(not(
            DescribedPredicate.describe("one of " + allowed, (JavaClass type) -> allowed.contains(type.getName()))));
        noClasses().that().resideInAPackage(codec + "..")
            .should().dependOnClassesThat(apiType)
            .because("the codec is machinery, apart from the API it serves")
            .check(classes);
    }

    @ParameterizedTest(name = "{0} depends only on: {1}")
    @CsvSource({
        "fs,",
        "process,",
        "lane, fs process",
        "handshake, fs lane process",
        "runtime, fs lane handshake process stats loop broadcast federation",
        "broadcast, fs lane handshake process",
        "federation, fs",
        "codec,",
        "loop, handshake stats",
        "stats, fs",
    })
    void lowerInternalLayersDoNotDependOnHigherOnes(final String layer, final String allowed)
    {
        final List<String> packages = new ArrayList<>();
        packages.add(INTERNAL + "." + layer + "..");
        if (allowed != null)
        {
            Arrays.stream(allowed.trim().split("\\s+")).map(p -> INTERNAL + "." + p + "..").forEach(packages::add);
        }
        noClasses().that().resideInAPackage(INTERNAL + "." + layer + "..")
            .should().dependOnClassesThat(resideInAPackage(INTERNAL + "..")
                .and(not(resideInAnyPackage(packages.toArray(new String[0])))))
            .check(classes);
    }

    @Test
    void internalPackagesHaveNoCycles()
    {
        slices().matching(INTERNAL + ".(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void everyInternalPackageWithAPublicClassIsDocumented()
    {
        final Set<JavaPackage> packages = classes.stream()
            .filter(type -> type.getPackageName().startsWith(INTERNAL))
            .filter(type -> type.getModifiers().contains(JavaModifier.PUBLIC))
            .map(JavaClass::getPackage)
            .collect(Collectors.toSet());
        assertTrue(packages.size() >= 7, "too few internal packages found: " + packages);
        final Set<String> undocumented = packages.stream()
            .filter(p -> p.tryGetPackageInfo().isEmpty())
            .map(JavaPackage::getName)
            .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of(), undocumented, "internal packages without package-info.java");
    }

    @Test
    void thePublicTypesOfTheApiPackageAreTheApiAndNothingMore()
    {
        final Set<String> publicTypes = publicTypesOf(API);
        final Set<String> unexpected = new TreeSet<>(publicTypes);
        unexpected.removeAll(PUBLIC_API_ALLOWED);
        assertEquals(Set.of(), unexpected, "public in " + API + " but not API: make them package-private, " +
            "move them under " + INTERNAL + ", or add them to the API contract and to this list");
        final Set<String> missing = new TreeSet<>(PUBLIC_API_REQUIRED);
        missing.removeAll(publicTypes);
        assertEquals(Set.of(), missing, "API types that are missing or not public");
    }

    /**
     * @return the simple binary names ({@code Outer$Inner}) of the public types of one package, nested ones whose
     * outer types are public too.
     */
    private static Set<String> publicTypesOf(final String packageName)
    {
        return classes.stream()
            .filter(type -> type.getPackageName().equals(packageName))
            .filter(type -> !type.isAnonymousClass() && !type.isLocalClass())
            .filter(ArchitectureTest::isVisibleOutsideThePackage)
            .map(type -> type.getName().substring(packageName.length() + 1))
            .filter(name -> !name.equals("package-info"))
            .collect(Collectors.toCollection(TreeSet::new));
    }

    private static boolean isVisibleOutsideThePackage(final JavaClass type)
    {
        return Stream.iterate(type, t -> t != null, t -> t.getEnclosingClass().orElse(null))
            .allMatch(t -> t.getModifiers().contains(JavaModifier.PUBLIC));
    }
}
