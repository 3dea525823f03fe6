//! `zadig-sandbox`: serve the Zadig stand-in (and optionally the built console) on one origin.

use std::path::PathBuf;

fn usage() -> ! {
    eprintln!(
        "usage: zadig-sandbox [--addr 127.0.0.1:8081] [--static DIR] [--static-prefix /console/] [--speed X] [--frame-ancestors SRC] [--no-demo] [--demo-sign-in] [--portal DIR] [--portal-addr 127.0.0.1:8090]\n\
         Serves Zadig's workflow OpenAPI with demo data; --static also serves a built console on the same origin,\n\
         and --demo-sign-in has that console offer one-click sign-in as each demo user."
    );
    std::process::exit(2)
}

#[tokio::main]
async fn main() {
    let mut opts = zadig_sandbox::Options {
        addr: ([127, 0, 0, 1], 8081).into(),
        ..Default::default()
    };
    let mut portal: Option<PathBuf> = None;
    let mut portal_addr: std::net::SocketAddr = ([127, 0, 0, 1], 8090).into();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut val = || args.next().unwrap_or_else(|| usage());
        match a.as_str() {
            "--addr" => opts.addr = val().parse().unwrap_or_else(|_| usage()),
            "--port" => opts
                .addr
                .set_port(val().parse().unwrap_or_else(|_| usage())),
            "--static" => opts.static_dir = Some(PathBuf::from(val())),
            "--static-prefix" => opts.static_prefix = val(),
            "--speed" => opts.speed = val().parse().unwrap_or_else(|_| usage()),
            "--frame-ancestors" => opts.frame_ancestors = val(),
            "--no-demo" => opts.demo = false,
            "--demo-sign-in" => opts.demo_sign_in = true,
            "--portal" => portal = Some(PathBuf::from(val())),
            "--portal-addr" => portal_addr = val().parse().unwrap_or_else(|_| usage()),
            _ => usage(),
        }
    }
    let console = opts
        .static_dir
        .is_some()
        .then(|| (opts.static_prefix.clone(), opts.demo_sign_in && opts.demo));
    let running = match zadig_sandbox::start(opts).await {
        Ok(r) => r,
        Err(e) => {
            eprintln!("zadig-sandbox: cannot listen: {e}");
            std::process::exit(1)
        }
    };
    let tokens = zadig_sandbox::demo_tokens();
    println!("zadig-sandbox listening on {}", running.url());
    if let Some((prefix, one_click)) = &console {
        let prefix = format!("/{}", prefix.trim_matches('/'));
        let prefix = prefix.trim_end_matches('/');
        println!("console: {}{prefix}/", running.url());
        if *one_click {
            println!("  its first screen signs you in as a demo user with one click");
        }
    }
    println!("demo tokens (for Settings, or a console elsewhere):");
    for role in ["admin", "approver", "user"] {
        println!("  {role:<9} {}", tokens[role].as_str().unwrap_or_default());
    }
    if let Some(dir) = portal {
        match zadig_sandbox::portal::start(dir, portal_addr, running.state.clone()).await {
            Ok((addr, _)) => println!(
                "example portal on http://{addr}/?console={}/ (the console must list http://{addr} in embed_origins)",
                running.url()
            ),
            Err(e) => eprintln!("zadig-sandbox: the portal cannot listen: {e}"),
        }
    }
    let _ = running.handle.await;
}
