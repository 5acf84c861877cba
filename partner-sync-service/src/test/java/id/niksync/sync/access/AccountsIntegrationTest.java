package id.niksync.sync.access;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import id.niksync.sync.SyncIntegrationTest;

import org.springframework.context.annotation.Import;

/** The service as {@link SyncIntegrationTest} runs it, with a clock tests can move. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SyncIntegrationTest
@Import(MovableClock.Configuration.class)
@interface AccountsIntegrationTest {

}
