package id.niksync.localstack;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

import id.niksync.testsupport.DatabaseRoles.Role;

/**
 * The stack's PostgreSQL passwords: the superuser's ({@code postgres}) and each service's
 * owner and application roles', made with {@link SecureRandom} on the first start and
 * kept in {@code dir/database-passwords.properties}, readable by its owner only, so a
 * restart on the same directory uses them again. Both servers authenticate every
 * connection by password ({@code scram-sha-256}); the services get theirs through the
 * environment, never on a command line.
 */
public final class DatabasePasswords {

	/** The file, in the stack's directory. */
	public static final String FILE = "database-passwords.properties";

	static final String SUPERUSER = PostgresServer.USER;

	static final List<String> ROLES = List.of("registry_owner", "registry_app", "sync_owner", "sync_app");

	private static final Set<PosixFilePermission> OWNER_READ_WRITE = PosixFilePermissions.fromString("rw-------");

	private static final SecureRandom RANDOM = new SecureRandom();

	private final Path file;

	private final Properties passwords;

	private DatabasePasswords(Path file, Properties passwords) {
		this.file = file;
		this.passwords = passwords;
	}

	/**
	 * The passwords kept in {@code dir}, with any that are missing (all, on a first
	 * start) made and added to the file.
	 */
	public static synchronized DatabasePasswords loadOrCreate(Path dir) throws IOException {
		Path file = dir.resolve(FILE);
		Properties passwords = new Properties();
		if (Files.exists(file)) {
			ownerOnly(file);
			try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
				passwords.load(reader);
			}
		}
		boolean added = false;
		for (String role : allRoles()) {
			String password = passwords.getProperty(role);
			if (password == null || password.isBlank()) {
				passwords.setProperty(role, generate());
				added = true;
			}
		}
		if (added) {
			write(file, passwords);
		}
		return new DatabasePasswords(file, passwords);
	}

	private static List<String> allRoles() {
		return Stream.concat(Stream.of(SUPERUSER), ROLES.stream()).toList();
	}

	/** 256 random bits, URL-safe Base64: nothing to quote in SQL, a file or a URL. */
	private static String generate() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/** Created owner-only before a byte is written, then moved into place. */
	private static void write(Path file, Properties passwords) throws IOException {
		StringWriter text = new StringWriter();
		passwords.store(text, "PostgreSQL passwords of this local stack (made on its first start; keep private)");
		Path partial = file.resolveSibling(file.getFileName() + ".partial");
		Files.deleteIfExists(partial);
		if (posix(file)) {
			Files.createFile(partial, PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE));
		}
		else {
			Files.createFile(partial);
		}
		Files.writeString(partial, text.toString(), StandardCharsets.UTF_8);
		Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
	}

	/**
	 * A file made readable by others (copied, restored from a backup) is made private
	 * again.
	 */
	private static void ownerOnly(Path file) throws IOException {
		if (posix(file) && !Files.getPosixFilePermissions(file).equals(OWNER_READ_WRITE)) {
			Files.setPosixFilePermissions(file, OWNER_READ_WRITE);
		}
	}

	private static boolean posix(Path file) throws IOException {
		return Files.getFileStore(file.toAbsolutePath().getParent())
			.supportsFileAttributeView(PosixFileAttributeView.class);
	}

	/** Where the passwords are kept. */
	public Path file() {
		return this.file;
	}

	/** The password of the superuser {@code postgres} of both servers. */
	public String superuser() {
		return password(SUPERUSER);
	}

	/** One of {@link #ROLES}, with its password. */
	Role role(String name) {
		return new Role(name, password(name));
	}

	private String password(String role) {
		String password = this.passwords.getProperty(role);
		if (password == null) {
			throw new IllegalArgumentException("No password for " + role + " in " + this.file);
		}
		return password;
	}

}
