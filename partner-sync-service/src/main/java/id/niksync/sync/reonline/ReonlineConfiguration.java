package id.niksync.sync.reonline;

import java.time.Clock;

import com.fasterxml.jackson.databind.ObjectMapper;
import id.niksync.sync.access.InstitutionCallbacks;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The watcher that ends requests and delivers callbacks, and what it sends with. */
@Configuration(proxyBeanMethods = false)
class ReonlineConfiguration {

	@Bean
	CallbackUrls callbackUrls(ReonlineProperties settings) {
		return CallbackUrls.production(settings.callbackPorts());
	}

	@Bean
	ReonlineWatcher reonlineWatcher(ReonlineSettlement settlement, JdbcClient jdbc, InstitutionCallbacks callbacks,
			CallbackUrls urls, ReonlineProperties settings, ObjectMapper json, Clock clock) {
		CallbackDispatcher dispatcher = new CallbackDispatcher(jdbc, callbacks,
				CallbackSender.https(urls, settings.callbackTimeout(), clock), settings, json);
		return new ReonlineWatcher(settlement, dispatcher, settings);
	}

}
