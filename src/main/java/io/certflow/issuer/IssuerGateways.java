package io.certflow.issuer;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

/** Picks the gateway for an issuer's type. */
@Component
public class IssuerGateways {

    private final Map<IssuerType, IssuerGateway> byType = new EnumMap<>(IssuerType.class);

    public IssuerGateways(List<IssuerGateway> gateways) {
        gateways.forEach(gateway -> byType.put(gateway.type(), gateway));
    }

    public IssuerGateway forIssuer(Issuer issuer) {
        IssuerGateway gateway = byType.get(issuer.type());
        if (gateway == null) {
            throw new IllegalStateException("No gateway for issuer type " + issuer.type());
        }
        return gateway;
    }
}
