fn main() {
    pressmark_app::start()
}
