package io.certflow.web.console;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The console opens on the certificates table, what an operator looks at first each morning. */
@Controller
class HomePage extends ConsolePage {

    @GetMapping("/")
    String home() {
        return "redirect:/certificates";
    }
}
