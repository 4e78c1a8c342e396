package io.certflow.autossl;

/**
 * What a hosting account's domain serves, each covering its own service names (see {@link ServiceNames}, whose
 * names come from configuration): the web site, mail, web disk and the panel's own addresses.
 */
public enum Service {
    WEB, MAIL, WEBDISK, PANEL
}
