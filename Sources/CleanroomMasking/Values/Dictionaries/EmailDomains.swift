extension WordLists {
    /// Mail domains for fake addresses: only the reserved example domains of RFC 2606 and their
    /// subdomains, so a fake address can never reach a real mailbox.
    static let emailDomains = lines(
        """
        example.com
        example.org
        example.net
        mail.example.com
        mail.example.org
        mail.example.net
        inbox.example.com
        post.example.org
        webmail.example.net
        users.example.com
        staff.example.org
        customers.example.net
        """)
}
