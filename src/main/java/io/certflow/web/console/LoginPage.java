package io.certflow.web.console;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The console's login form; Spring Security checks what it posts (ConsoleSecurityConfiguration). */
@Controller
class LoginPage {

    @GetMapping("/login")
    String login() {
        return "console/login";
    }
}
