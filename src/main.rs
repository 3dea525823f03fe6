fn main() {
    zadig_console::start();
}
