package io.certflow.notification;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The sender of notification mails. The SMTP server itself (host, port, STARTTLS or TLS, user and password)
 * is Spring Boot's {@code spring.mail.*}.
 *
 * @param from the address in From, a plain address such as {@code certflow@example.com}; required when
 *             {@code spring.mail.host} is set
 */
@ConfigurationProperties("certflow.notification")
public record NotificationMailSettings(String from) {
}
