package id.niksync.sync.access;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeyCacheTests {

	private static final AuthenticatedInstitution BANK = new AuthenticatedInstitution(7, "Bank", InstitutionType.BANK,
			10, "abcdef012345", Set.of());

	private static final String KEY = "nsk_abcdef012345_" + "A".repeat(43);

	private final AtomicLong now = new AtomicLong(1_000_000_000L);

	private final AtomicInteger lookups = new AtomicInteger();

	private final ApiKeyCache cache = new ApiKeyCache(Duration.ofSeconds(1), this.now::get);

	private final Function<ApiKeyFormat.Presented, Optional<AuthenticatedInstitution>> store = (presented) -> {
		this.lookups.incrementAndGet();
		return presented.secret().equals("A".repeat(43)) ? Optional.of(BANK) : Optional.empty();
	};

	@Test
	void aKeyThatOpenedItsInstitutionIsServedFromTheCacheUntilItsEntryIsOld() {
		assertThat(this.cache.authenticate(KEY, this.store)).contains(BANK);
		this.now.addAndGet(Duration.ofMillis(999).toNanos());
		assertThat(this.cache.authenticate(KEY, this.store)).contains(BANK);
		assertThat(this.lookups).hasValue(1);

		this.now.addAndGet(Duration.ofMillis(1).toNanos());
		this.cache.authenticate(KEY, this.store);
		assertThat(this.lookups).as("looked up again after the TTL").hasValue(2);
	}

	@Test
	void anotherSecretWithTheSameKeyIdIsNeverServedFromTheCache() {
		this.cache.authenticate(KEY, this.store);

		assertThat(this.cache.authenticate("nsk_abcdef012345_" + "B".repeat(43), this.store)).isEmpty();
		assertThat(this.lookups).hasValue(2);
	}

	@Test
	void aKeyThatOpensNothingIsLookedUpEachTime() {
		String wrong = "nsk_abcdef012345_" + "C".repeat(43);
		this.cache.authenticate(wrong, this.store);
		this.cache.authenticate(wrong, this.store);

		assertThat(this.lookups).hasValue(2);
	}

	@Test
	void forgettingAllLooksEveryKeyUpAgain() {
		this.cache.authenticate(KEY, this.store);
		this.cache.forgetAll();
		this.cache.authenticate(KEY, this.store);

		assertThat(this.lookups).hasValue(2);
	}

	@Test
	void aTtlOfZeroLooksEveryKeyUp() {
		ApiKeyCache none = new ApiKeyCache(Duration.ZERO, this.now::get);
		none.authenticate(KEY, this.store);
		none.authenticate(KEY, this.store);

		assertThat(this.lookups).hasValue(2);
	}

	@Test
	void aMalformedKeyIsNeverLookedUp() {
		assertThat(this.cache.authenticate("not a key", this.store)).isEmpty();
		assertThat(this.lookups).hasValue(0);
	}

}
